import type { Pool } from 'pg';
import type { Clock } from '../../../../shared/clock';
import type { Order } from '../../domain/order';
import { placeOrderInTransaction } from '../../order-placement';
import { requestedItems } from '../order-items.input';
import type { PlaceOrderInput } from './place-order.input';

/** A PENDING order holding its stock until expiresAt; the balance is checked, not taken. */
export function placeOrder(pool: Pool, clock: Clock, holdSeconds: number, userId: string, input: PlaceOrderInput): Promise<Order> {
  return placeOrderInTransaction(pool, {
    scope: { userId, operation: 'placeOrder', key: input.idempotencyKey },
    userId, items: requestedItems(input), couponId: input.couponId?.toLowerCase() ?? null, now: clock.now(), holdSeconds, pay: false,
  }, (order) => order);
}

import type { Order } from '../../domain/order';
import { placeOrderInTransaction } from '../../order-placement';
import type { OrderingDeps } from '../../ordering.deps';
import { requestedItems } from '../order-items.input';
import type { PlaceOrderInput } from './place-order.input';

/** A PENDING order holding its stock until expiresAt; the balance is checked, not taken. */
export function placeOrder(deps: OrderingDeps, holdSeconds: number, userId: string, input: PlaceOrderInput): Promise<Order> {
  return placeOrderInTransaction(deps, {
    scope: { userId, operation: 'placeOrder', key: input.idempotencyKey },
    userId, items: requestedItems(input), couponId: input.couponId?.toLowerCase() ?? null, queueToken: input.queueToken ?? null, holdSeconds, pay: false,
  }, (order) => order);
}

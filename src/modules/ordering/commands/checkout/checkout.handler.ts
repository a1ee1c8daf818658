import type { Pool } from 'pg';
import type { Clock } from '../../../../shared/clock';
import type { Order, PaymentRecord } from '../../domain/order';
import { placeOrderInTransaction } from '../../order-placement';
import { requestedItems } from '../order-items.input';
import type { CheckoutInput } from './checkout.input';

export interface PaymentResult {
  payment: PaymentRecord;
  order: Order;
}

/** Order and payment in one transaction: the order is born PAID (events OrderPlaced + OrderPaid). */
export function checkout(pool: Pool, clock: Clock, holdSeconds: number, userId: string, input: CheckoutInput): Promise<PaymentResult> {
  return placeOrderInTransaction(pool, {
    scope: { userId, operation: 'checkout', key: input.idempotencyKey },
    userId, items: requestedItems(input), couponId: input.couponId?.toLowerCase() ?? null, now: clock.now(), holdSeconds, pay: true,
  }, (order) => ({ payment: order.payment!, order }));
}

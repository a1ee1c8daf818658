import type { Order, PaymentRecord } from '../../domain/order';
import { placeOrderInTransaction } from '../../order-placement';
import type { OrderingDeps } from '../../ordering.deps';
import { requestedItems } from '../order-items.input';
import type { CheckoutInput } from './checkout.input';

export interface PaymentResult {
  payment: PaymentRecord;
  order: Order;
}

/** Order and payment in one transaction: the order is born PAID (events OrderPlaced + OrderPaid). */
export function checkout(deps: OrderingDeps, holdSeconds: number, userId: string, input: CheckoutInput): Promise<PaymentResult> {
  return placeOrderInTransaction(deps, {
    scope: { userId, operation: 'checkout', key: input.idempotencyKey },
    userId, items: requestedItems(input), couponId: input.couponId?.toLowerCase() ?? null, queueToken: input.queueToken ?? null, holdSeconds, pay: true,
  }, (order) => ({ payment: order.payment!, order }));
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { claimIdempotencyKey, saveIdempotentResponse } from '../../../../shared/idempotency';
import { UserFacingError } from '../../../../shared/user-error';
import { repeatedItem, type Order, type PaymentRecord } from '../../domain/order';
import { prepareOrder } from '../../order-placement';
import { requestedItems } from '../order-items.input';
import type { CheckoutInput } from './checkout.input';

export interface PaymentResult {
  payment: PaymentRecord;
  order: Order;
}

/** Order and payment in one transaction: the order is born PAID (events OrderPlaced + OrderPaid). */
export async function checkout(
  em: EntityManager, clock: Clock, holdSeconds: number, userId: string, input: CheckoutInput,
): Promise<PaymentResult> {
  const items = requestedItems(input);
  const repeated = repeatedItem(items);
  if (repeated) throw new UserFacingError([repeated]);
  const couponId = input.couponId?.toLowerCase() ?? null;
  const scope = { userId, operation: 'checkout', key: input.idempotencyKey };
  const now = clock.now();
  return em.transactional(async (tx) => {
    const claim = await claimIdempotencyKey<PaymentResult>(tx, scope, { items, couponId }, now);
    if (claim.replay) return claim.response;
    const placement = await prepareOrder(tx, { userId, items, couponId, now, holdSeconds, pay: true });
    const result = { payment: placement.order.payment!, order: placement.order };
    await saveIdempotentResponse(tx, scope, result);
    await placement.holdStockAndPublish();
    return result;
  });
}

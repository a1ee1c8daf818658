import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { claimIdempotencyKey, saveIdempotentResponse } from '../../../../shared/idempotency';
import { UserFacingError } from '../../../../shared/user-error';
import { repeatedItem, type Order } from '../../domain/order';
import { prepareOrder } from '../../order-placement';
import { requestedItems } from '../order-items.input';
import type { PlaceOrderInput } from './place-order.input';

/** A PENDING order holding its stock until expiresAt; the balance is checked, not taken. */
export async function placeOrder(
  em: EntityManager, clock: Clock, holdSeconds: number, userId: string, input: PlaceOrderInput,
): Promise<Order> {
  const items = requestedItems(input);
  const repeated = repeatedItem(items);
  if (repeated) throw new UserFacingError([repeated]);
  const couponId = input.couponId?.toLowerCase() ?? null;
  const scope = { userId, operation: 'placeOrder', key: input.idempotencyKey };
  const now = clock.now();
  return em.transactional(async (tx) => {
    const claim = await claimIdempotencyKey<Order>(tx, scope, { items, couponId }, now);
    if (claim.replay) return claim.response;
    const placement = await prepareOrder(tx, { userId, items, couponId, now, holdSeconds, pay: false });
    await saveIdempotentResponse(tx, scope, placement.order);
    await placement.holdStockAndPublish();
    return placement.order;
  });
}

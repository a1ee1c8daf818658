import { newId } from '../../../../shared/ids';
import { claimOrReplay } from '../../../../shared/idempotency';
import { openDeliveryOrder, type DeliveryOrder } from '../../domain/delivery-order';
import { storeNotFound } from '../../domain/delivery-errors';
import { assertItemCount, mergeLines, priceDeliveryOrder } from '../../domain/order-pricing';
import { deliveryOrderEvent } from '../../events';
import type { DeliveryDeps } from '../../delivery.deps';
import { answerFor, authorizeOrder, type PaymentAnswer } from '../../payments/order-payment';
import type { PlaceDeliveryOrderInput } from './place-delivery-order.input';

/**
 * 1. One transaction: the idempotency claim, the store and the menu items (prices from the write
 *    model), the checks, the order AWAITING_PAYMENT and DeliveryOrderPlaced. The order exists
 *    from here on, whatever the gateway does.
 * 2. The authorization, outside the transaction (payments/order-payment.ts).
 * A replay of the key answers the order as it is now; if its authorization was never settled
 * (the first request died, or the breaker was open) it is asked again with the same key.
 */
export async function placeDeliveryOrder(deps: DeliveryDeps, customerId: string, input: PlaceDeliveryOrderInput): Promise<PaymentAnswer> {
  const items = mergeLines(input.items);
  assertItemCount(items);
  const storeId = input.storeId.toLowerCase();
  const location = { lat: input.deliveryLocation.lat, lng: input.deliveryLocation.lng };
  const scope = { userId: customerId, operation: 'placeDeliveryOrder', key: input.idempotencyKey };
  const request = { storeId, items: items.map(({ menuItemId, quantity }) => ({ menuItemId, quantity })), deliveryAddress: input.deliveryAddress, location, cardToken: input.cardToken };

  const order = await deps.transactions.withTransaction(async (tx): Promise<DeliveryOrder> => {
    const [claim, store, menu] = await Promise.all([
      claimOrReplay<{ orderId: string }>(deps.idempotency, tx, scope, request, deps.clock.now()),
      deps.stores.byId(tx, storeId),
      deps.stores.menuItems(tx, items.map((i) => i.menuItemId)),
    ]);
    if (claim.replayed) return (await deps.orders.byId(tx, claim.response.orderId))!;
    if (!store) throw storeNotFound();
    const priced = priceDeliveryOrder(store, new Map(menu.map((m) => [m.id, m])), items, location);
    const now = deps.clock.now();
    const placed = openDeliveryOrder({
      id: newId(now.getTime()), storeId, merchantId: store.merchantId, customerId, items: priced.lines, total: priced.total,
      deliveryAddress: input.deliveryAddress.trim(), deliveryLocation: location, placedAt: now.toISOString(),
      payment: { status: 'PENDING', attempt: 1, cardToken: input.cardToken, authorizationId: null, declineReason: null },
    });
    await Promise.all([
      deps.orders.insert(tx, placed),
      deps.idempotency.saveResponse(tx, scope, { orderId: placed.id }),
      deps.outbox.append(tx, [deliveryOrderEvent('DeliveryOrderPlaced', placed, null, now)]),
    ]);
    return placed;
  });

  if (order.status !== 'AWAITING_PAYMENT' || order.payment.status !== 'PENDING') return answerFor(order);
  return authorizeOrder(deps, order);
}

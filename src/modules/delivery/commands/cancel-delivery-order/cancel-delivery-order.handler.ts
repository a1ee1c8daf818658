import { assertKitchenNotStarted, moveTo, needsVoid, type DeliveryOrder } from '../../domain/delivery-order';
import type { DeliveryDeps } from '../../delivery.deps';
import { transitionOrder } from '../order-transition';

/**
 * The customer cancels until cooking starts (then ORDER_ALREADY_COOKING). Money authorized, or
 * maybe authorized (an outcome still unknown), is voided by the saga, looked up by key if need be.
 */
export const cancelDeliveryOrder = (deps: DeliveryDeps, customerId: string, orderId: string): Promise<DeliveryOrder> =>
  transitionOrder(deps, orderId, { kind: 'customer', userId: customerId }, (order, now) => {
    assertKitchenNotStarted(order);
    return { next: moveTo(order, 'CANCELLED', now, { closedAt: now.toISOString() }), event: 'DeliveryOrderCancelled', owe: needsVoid(order) ? 'VOID' : undefined };
  });

import { moveTo, type DeliveryOrder } from '../../domain/delivery-order';
import type { DeliveryDeps } from '../../delivery.deps';
import { transitionOrder } from '../order-transition';

/** COOKING → READY_FOR_PICKUP (a rider takes it from here: Delivery, part 2). */
export const finishCooking = (deps: DeliveryDeps, merchantId: string, orderId: string): Promise<DeliveryOrder> =>
  transitionOrder(deps, orderId, { kind: 'merchant', userId: merchantId }, (order, now) => ({
    next: moveTo(order, 'READY_FOR_PICKUP', now, { readyAt: now.toISOString() }),
    event: 'DeliveryOrderReadyForPickup',
  }));

import { moveTo, type DeliveryOrder } from '../../domain/delivery-order';
import type { DeliveryDeps } from '../../delivery.deps';
import { transitionOrder } from '../order-transition';

/** ACCEPTED → COOKING: the point of no return, so the saga captures the authorization now. */
export const startCooking = (deps: DeliveryDeps, merchantId: string, orderId: string): Promise<DeliveryOrder> =>
  transitionOrder(deps, orderId, { kind: 'merchant', userId: merchantId }, (order, now) => ({
    next: moveTo(order, 'COOKING', now, { cookingStartedAt: now.toISOString() }),
    event: 'DeliveryOrderCookingStarted',
    owe: 'CAPTURE',
  }));

import { moveTo, type DeliveryOrder } from '../../domain/delivery-order';
import type { DeliveryDeps } from '../../delivery.deps';
import { transitionOrder } from '../order-transition';
import type { AcceptDeliveryOrderInput } from './accept-delivery-order.input';

/** PAID → ACCEPTED by the store's merchant, with the time it should be ready. */
export const acceptDeliveryOrder = (deps: DeliveryDeps, merchantId: string, input: AcceptDeliveryOrderInput): Promise<DeliveryOrder> =>
  transitionOrder(deps, input.orderId, { kind: 'merchant', userId: merchantId }, (order, now) => ({
    next: moveTo(order, 'ACCEPTED', now, {
      acceptedAt: now.toISOString(), estimatedReadyAt: new Date(now.getTime() + input.estimatedMinutes * 60_000).toISOString(),
    }),
    event: 'DeliveryOrderAccepted',
  }));

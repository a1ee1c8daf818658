import { moveTo, type DeliveryOrder } from '../../domain/delivery-order';
import type { DeliveryDeps } from '../../delivery.deps';
import { transitionOrder, type Actor } from '../order-transition';

/** PAID or ACCEPTED → REJECTED; the authorization is voided by the saga (never captured: cooking had not started). */
export const rejectDeliveryOrder = (deps: DeliveryDeps, actor: Actor, orderId: string, reason: string): Promise<DeliveryOrder> =>
  transitionOrder(deps, orderId, actor, (order, now) => ({
    next: moveTo(order, 'REJECTED', now, { closedAt: now.toISOString(), rejectReason: reason.trim() }),
    event: 'DeliveryOrderRejected',
    owe: 'VOID',
  }));

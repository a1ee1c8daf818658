import { authorizationKey, moveTo } from '../domain/delivery-order';
import { deliveryOrderEvent } from '../events';
import type { DeliveryDeps } from '../delivery.deps';

export const ACCEPT_TIMEOUT_REASON = 'Not accepted in time';

/**
 * PAID orders nobody accepted within the accept timeout: REJECTED and their authorization owed a
 * VOID, in one transaction per batch (rows another worker holds are skipped, not waited for). A
 * merchant accepting at the same moment either locks the row first (the order is ACCEPTED and not
 * found here) or finds it REJECTED.
 */
export async function rejectUnaccepted(deps: DeliveryDeps, acceptTimeoutSeconds: number, limit = 100): Promise<number> {
  return deps.transactions.withTransaction(async (tx) => {
    const now = deps.clock.now();
    const due = await deps.orders.lockUnaccepted(tx, new Date(now.getTime() - acceptTimeoutSeconds * 1000), limit);
    await Promise.all(due.flatMap((order) => {
      const next = moveTo(order, 'REJECTED', now, { closedAt: now.toISOString(), rejectReason: ACCEPT_TIMEOUT_REASON });
      return [
        deps.orders.save(tx, order.version, next),
        deps.steps.owe(tx, { orderId: order.id, step: 'VOID', authorizationKey: authorizationKey(order), authorizationId: order.payment.authorizationId, amount: order.total }, now),
        deps.outbox.append(tx, [deliveryOrderEvent('DeliveryOrderRejected', next, order.status, now)]),
      ];
    }));
    return due.length;
  });
}

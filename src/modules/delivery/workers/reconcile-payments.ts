import { authorizationKey } from '../domain/delivery-order';
import type { DeliveryDeps } from '../delivery.deps';
import { recordAuthorization } from '../payments/order-payment';
import { PaymentOutcomeUnknown, PaymentUnavailable } from '../payments/payment-gateway';

/** Orders younger than this are left to their own request (its authorization may still be on its way). */
export const RECONCILE_AFTER_MS = 3_000;

/**
 * Settles authorizations whose outcome is unknown (a timeout, a 5xx, a crash after sending) by
 * looking each up by its key, never by asking again: found → recorded (PAID, or PAYMENT_FAILED);
 * not found → nothing was taken and the order waits for retryDeliveryPayment. While the breaker
 * is open the lookups are refused like any call, and the next round tries again.
 */
export async function reconcilePayments(deps: DeliveryDeps, limit = 100): Promise<{ settled: number; notFound: number }> {
  const before = new Date(deps.clock.now().getTime() - RECONCILE_AFTER_MS);
  const waiting = await deps.transactions.withTransaction((tx) => deps.orders.awaitingPayment(tx, before, limit));
  let settled = 0;
  let notFound = 0;
  await Promise.all(waiting.map(async (order) => {
    const key = authorizationKey(order);
    try {
      const found = await deps.gateway.findByKey(key);
      if (!found) {
        notFound += 1;
        return;
      }
      const answer = found.status === 'DECLINED' ? { outcome: 'DECLINED' as const, reason: 'card_declined' } : { outcome: 'AUTHORIZED' as const, id: found.id };
      await recordAuthorization(deps, order.id, key, answer);
      settled += 1;
    } catch (err) {
      if (!(err instanceof PaymentUnavailable || err instanceof PaymentOutcomeUnknown)) throw err;
    }
  }));
  return { settled, notFound };
}

import { authorizationKey } from '../domain/delivery-order';
import type { DeliveryDeps } from '../delivery.deps';
import { recordAuthorization } from '../payments/order-payment';
import { PaymentOutcomeUnknown, PaymentUnavailable } from '../payments/payment-gateway';

/** Orders younger than this are left to their own request (its authorization may still be on its way). */
export const RECONCILE_AFTER_MS = 3_000;
/** An order found without an authorization is looked up again only after this (it was most likely never sent). */
export const RECHECK_AFTER_MS = 10_000;
/** Lookups in flight at once: well inside the gateway bulkhead, so a round never crowds out the customers' own calls. */
const CONCURRENCY = 20;

/**
 * Settles authorizations whose outcome is unknown (a timeout, a 5xx, a crash after sending) by
 * looking each up by its key, never by asking again: found → recorded (PAID, or PAYMENT_FAILED);
 * not found → nothing was taken and the order waits for retryDeliveryPayment. While the breaker
 * is open the lookups are refused like any call, and the next round tries again.
 */
export async function reconcilePayments(deps: DeliveryDeps, limit = 100): Promise<{ settled: number; notFound: number }> {
  const now = deps.clock.now().getTime();
  const waiting = await deps.transactions.withTransaction((tx) =>
    deps.orders.awaitingPayment(tx, new Date(now - RECONCILE_AFTER_MS), new Date(now - RECHECK_AFTER_MS), limit));
  let settled = 0;
  const notFound: string[] = [];
  const settle = async (order: (typeof waiting)[number]) => {
    const key = authorizationKey(order);
    try {
      const found = await deps.gateway.findByKey(key);
      if (!found) {
        notFound.push(order.id);
        return;
      }
      const answer = found.status === 'DECLINED' ? { outcome: 'DECLINED' as const, reason: 'card_declined' } : { outcome: 'AUTHORIZED' as const, id: found.id };
      await recordAuthorization(deps, order.id, key, answer);
      settled += 1;
    } catch (err) {
      if (!(err instanceof PaymentUnavailable || err instanceof PaymentOutcomeUnknown)) throw err;
    }
  };
  for (let i = 0; i < waiting.length; i += CONCURRENCY) await Promise.all(waiting.slice(i, i + CONCURRENCY).map(settle));
  if (notFound.length > 0) await deps.transactions.withTransaction((tx) => deps.orders.markPaymentChecked(tx, notFound, deps.clock.now()));
  return { settled, notFound: notFound.length };
}

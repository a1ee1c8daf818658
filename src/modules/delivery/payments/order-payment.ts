import type { UserErrorData } from '../../../shared/user-error';
import { authorizationKey, moveTo, type DeliveryOrder } from '../domain/delivery-order';
import { deliveryError } from '../domain/delivery-errors';
import { deliveryOrderEvent } from '../events';
import type { DeliveryDeps } from '../delivery.deps';
import { PaymentOutcomeUnknown, PaymentUnavailable, type AuthorizationAnswer } from './payment-gateway';

/** What placeDeliveryOrder and retryDeliveryPayment answer: the order as it now is, and why it is not PAID. */
export interface PaymentAnswer {
  order: DeliveryOrder;
  userErrors: UserErrorData[];
  retryAfterSeconds: number | null;
}

/** After an unknown outcome the reconciler settles it within a few seconds; a retry before then reuses the key anyway. */
export const UNKNOWN_OUTCOME_RETRY_SECONDS = 5;

export const cardDeclined = (o: Pick<DeliveryOrder, 'payment'>) =>
  deliveryError('CARD_DECLINED', `The card was declined (${o.payment.declineReason ?? 'card_declined'}); retryDeliveryPayment with another card`, ['input', 'cardToken']);
export const temporarilyUnavailable = (retryAfterSeconds: number) => ({
  ...deliveryError('PAYMENT_TEMPORARILY_UNAVAILABLE', `Card payments are briefly unavailable; your order is kept: retryDeliveryPayment in ${retryAfterSeconds} s`, ['input']),
  retryAfterSeconds,
});

/** The answer for an order as it stands (a replay, or an order whose payment was settled meanwhile). */
export function answerFor(order: DeliveryOrder): PaymentAnswer {
  if (order.status === 'PAYMENT_FAILED') return { order, userErrors: [cardDeclined(order)], retryAfterSeconds: null };
  return { order, userErrors: [], retryAfterSeconds: null };
}

/**
 * The synchronous step of the saga: one authorization request for the order's current attempt,
 * outside any transaction (no row is held while the gateway thinks), then the definite answer
 * recorded. Not sent (breaker open) or no definite answer: the order stays AWAITING_PAYMENT with
 * the same key, for retryDeliveryPayment or the reconciler.
 */
export async function authorizeOrder(deps: DeliveryDeps, order: DeliveryOrder): Promise<PaymentAnswer> {
  const key = authorizationKey(order);
  let answer: AuthorizationAnswer;
  try {
    answer = await deps.gateway.authorize({ amount: order.total, cardToken: order.payment.cardToken, reference: order.id }, key);
  } catch (err) {
    if (err instanceof PaymentUnavailable) return { order, userErrors: [temporarilyUnavailable(err.retryAfterSeconds)], retryAfterSeconds: err.retryAfterSeconds };
    if (err instanceof PaymentOutcomeUnknown) {
      return { order, userErrors: [temporarilyUnavailable(UNKNOWN_OUTCOME_RETRY_SECONDS)], retryAfterSeconds: UNKNOWN_OUTCOME_RETRY_SECONDS };
    }
    throw err;
  }
  return answerFor(await recordAuthorization(deps, order.id, key, answer));
}

/**
 * On the locked order: the gateway's definite answer for the attempt with this key. Recorded
 * once: when the order has moved on (a retry or the reconciler recorded it first, the customer
 * cancelled meanwhile: then the cancel's VOID step finds the authorization by key) nothing changes.
 */
export async function recordAuthorization(deps: DeliveryDeps, orderId: string, key: string, answer: AuthorizationAnswer): Promise<DeliveryOrder> {
  return deps.transactions.withTransaction(async (tx) => {
    const order = await deps.orders.lock(tx, orderId);
    if (!order) throw new Error(`delivery order ${orderId} vanished`);
    if (order.status !== 'AWAITING_PAYMENT' || order.payment.status !== 'PENDING' || authorizationKey(order) !== key) return order;
    const now = deps.clock.now();
    const next = answer.outcome === 'AUTHORIZED'
      ? moveTo(order, 'PAID', now, { paidAt: now.toISOString(), payment: { ...order.payment, status: 'AUTHORIZED', authorizationId: answer.id } })
      : moveTo(order, 'PAYMENT_FAILED', now, { payment: { ...order.payment, status: 'DECLINED', declineReason: answer.reason } });
    const [saved] = await Promise.all([
      deps.orders.save(tx, order.version, next),
      deps.outbox.append(tx, [deliveryOrderEvent(answer.outcome === 'AUTHORIZED' ? 'DeliveryOrderPaid' : 'DeliveryPaymentFailed', next, order.status, now)]),
    ]);
    if (!saved) throw new Error(`delivery order ${orderId} changed under its lock`);
    return next;
  });
}

import type { Tx } from '../../../../shared/tx';
import { assertKitchenNotStarted, authorizationKey, kitchenStarted, type DeliveryOrder, type DeliveryOrderLine } from '../../domain/delivery-order';
import { deliveryOrderNotFound, orderAlreadyCooking, orderStateConflict } from '../../domain/delivery-errors';
import { assertItemCount, mergeLines, priceDeliveryOrder } from '../../domain/order-pricing';
import { deliveryOrderEvent } from '../../events';
import type { DeliveryDeps } from '../../delivery.deps';
import { answerFor, cardDeclined, temporarilyUnavailable, UNKNOWN_OUTCOME_RETRY_SECONDS, type PaymentAnswer } from '../../payments/order-payment';
import { PaymentOutcomeUnknown, PaymentUnavailable, type AuthorizationAnswer } from '../../payments/payment-gateway';
import type { ChangeDeliveryOrderInput } from './change-delivery-order.input';

type Priced = { lines: DeliveryOrderLine[]; total: number };
const CHANGEABLE = new Set(['PAYMENT_FAILED', 'PAID', 'ACCEPTED']);

/**
 * The customer changes the items until cooking starts (then ORDER_ALREADY_COOKING), priced
 * from the menu with placeDeliveryOrder's rules. The same total, or a card not authorized yet
 * (PAYMENT_FAILED: the next retry authorizes the new total): written at once. A new total on
 * an authorized card: a new authorization (next attempt, new key) for it, outside any
 * transaction; only once it is recorded does the order change, and the replaced authorization
 * is voided by the saga. Refused by the gateway or overtaken meanwhile (cooking started, a
 * cancel): nothing changes and the new authorization, if any, is voided. While an authorization
 * is being settled (AWAITING_PAYMENT) a change waits: ORDER_STATE_CONFLICT.
 */
export async function changeDeliveryOrder(deps: DeliveryDeps, customerId: string, input: ChangeDeliveryOrderInput): Promise<PaymentAnswer> {
  const items = mergeLines(input.items);
  assertItemCount(items);
  const orderId = input.orderId.toLowerCase();
  const first = await deps.transactions.withTransaction(async (tx) => {
    const order = await deps.orders.lock(tx, orderId);
    if (!order || order.customerId !== customerId) throw deliveryOrderNotFound();
    assertKitchenNotStarted(order);
    if (!CHANGEABLE.has(order.status)) throw orderStateConflict(order.status);
    const [store, menu] = await Promise.all([deps.stores.byId(tx, order.storeId), deps.stores.menuItems(tx, items.map((i) => i.menuItemId))]);
    const priced = priceDeliveryOrder(store!, new Map(menu.map((m) => [m.id, m])), items, order.deliveryLocation);
    if (priced.total !== order.total && order.status !== 'PAYMENT_FAILED') return { order, priced, written: false };
    return { order: await write(deps, tx, order, { ...order, items: priced.lines, total: priced.total, version: order.version + 1 }), priced, written: true };
  });
  if (first.written) return answerFor(first.order);
  return reauthorize(deps, first.order, first.priced);
}

async function write(deps: DeliveryDeps, tx: Tx, before: DeliveryOrder, next: DeliveryOrder): Promise<DeliveryOrder> {
  const now = deps.clock.now();
  const [saved] = await Promise.all([deps.orders.save(tx, before.version, next), deps.outbox.append(tx, [deliveryOrderEvent('DeliveryOrderChanged', next, before.status, now)])]);
  if (!saved) throw new Error(`delivery order ${before.id} changed under its lock`);
  return next;
}

async function reauthorize(deps: DeliveryDeps, order: DeliveryOrder, priced: Priced): Promise<PaymentAnswer> {
  const attempt = { ...order, payment: { ...order.payment, attempt: order.payment.attempt + 1 } };
  const key = authorizationKey(attempt);
  const oweVoid = (tx: Tx, authorizationId: string | null) =>
    deps.steps.owe(tx, { orderId: order.id, step: 'VOID', authorizationKey: key, authorizationId, amount: priced.total }, deps.clock.now());
  let answer: AuthorizationAnswer;
  try {
    answer = await deps.gateway.authorize({ amount: priced.total, cardToken: order.payment.cardToken, reference: order.id }, key);
  } catch (err) {
    if (err instanceof PaymentUnavailable) return { order, userErrors: [temporarilyUnavailable(err.retryAfterSeconds)], retryAfterSeconds: err.retryAfterSeconds };
    if (!(err instanceof PaymentOutcomeUnknown)) throw err;
    // It may have been taken: void it, found by its key. The change is not made.
    await deps.transactions.withTransaction((tx) => oweVoid(tx, null));
    return { order, userErrors: [temporarilyUnavailable(UNKNOWN_OUTCOME_RETRY_SECONDS)], retryAfterSeconds: UNKNOWN_OUTCOME_RETRY_SECONDS };
  }
  if (answer.outcome === 'DECLINED') return { order, userErrors: [cardDeclined({ payment: { ...order.payment, declineReason: answer.reason } })], retryAfterSeconds: null };
  const authorizationId = answer.id;
  return deps.transactions.withTransaction(async (tx): Promise<PaymentAnswer> => {
    const current = await deps.orders.lock(tx, order.id);
    // Overtaken while the gateway answered (cooking started, cancelled, another change): the new authorization goes.
    if (!current || current.payment.attempt !== order.payment.attempt || !CHANGEABLE.has(current.status) || current.status === 'PAYMENT_FAILED') {
      await oweVoid(tx, authorizationId);
      const refusal = current && kitchenStarted(current) ? orderAlreadyCooking(current.status) : orderStateConflict(current?.status ?? 'gone');
      return { order: current ?? order, userErrors: refusal.errors, retryAfterSeconds: null };
    }
    const next: DeliveryOrder = {
      ...current, items: priced.lines, total: priced.total, version: current.version + 1,
      payment: { ...current.payment, attempt: attempt.payment.attempt, status: 'AUTHORIZED', authorizationId },
    };
    await deps.steps.owe(tx, { orderId: current.id, step: 'VOID', authorizationKey: authorizationKey(current), authorizationId: current.payment.authorizationId, amount: current.total }, deps.clock.now());
    return answerFor(await write(deps, tx, current, next));
  });
}

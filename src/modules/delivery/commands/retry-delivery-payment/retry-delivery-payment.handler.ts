import { moveTo, type DeliveryOrder } from '../../domain/delivery-order';
import { deliveryOrderNotFound, orderStateConflict } from '../../domain/delivery-errors';
import { deliveryOrderEvent } from '../../events';
import type { DeliveryDeps } from '../../delivery.deps';
import { answerFor, authorizeOrder, type PaymentAnswer } from '../../payments/order-payment';
import type { RetryDeliveryPaymentInput } from './retry-delivery-payment.input';

/**
 * Pays an order that waits. AWAITING_PAYMENT: the same attempt and key again (its outcome is
 * unknown or it was never sent), so the gateway answers the first result and never charges twice.
 * PAYMENT_FAILED (a definite decline): a new attempt with a new key, back to AWAITING_PAYMENT.
 * Paid already: the order as it is. Stopped (cancelled, rejected): ORDER_STATE_CONFLICT.
 */
export async function retryDeliveryPayment(deps: DeliveryDeps, customerId: string, input: RetryDeliveryPaymentInput): Promise<PaymentAnswer> {
  const order = await deps.transactions.withTransaction(async (tx): Promise<DeliveryOrder> => {
    const current = await deps.orders.lock(tx, input.orderId.toLowerCase());
    if (!current || current.customerId !== customerId) throw deliveryOrderNotFound();
    if (current.status === 'AWAITING_PAYMENT') return current;
    // Paid already (a double click, or the reconciler was first): the order as it is, nothing asked again.
    if (current.status === 'CANCELLED' || current.status === 'REJECTED') throw orderStateConflict(current.status);
    if (current.status !== 'PAYMENT_FAILED') return current;
    const now = deps.clock.now();
    const again = moveTo(current, 'AWAITING_PAYMENT', now, {
      payment: { status: 'PENDING', attempt: current.payment.attempt + 1, cardToken: input.cardToken ?? current.payment.cardToken, authorizationId: null, declineReason: null },
    });
    await Promise.all([deps.orders.save(tx, current.version, again), deps.outbox.append(tx, [deliveryOrderEvent('DeliveryPaymentRetried', again, current.status, now)])]);
    return again;
  });
  if (order.payment.status !== 'PENDING') return answerFor(order);
  return authorizeOrder(deps, order);
}

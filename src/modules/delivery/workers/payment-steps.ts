import { PaymentOutcomeUnknown, PaymentUnavailable } from '../payments/payment-gateway';
import { deliveryOrderEvent } from '../events';
import { authorizationKey, type PaymentStatus } from '../domain/delivery-order';
import type { DeliveryDeps } from '../delivery.deps';
import type { PaymentStep } from '../stores/payment-step.store';

const LEASE_MS = 30_000;
const RETRY_MS = 2_000;
const AFTER: Record<PaymentStep['step'], PaymentStatus> = { CAPTURE: 'CAPTURED', VOID: 'VOIDED', REFUND: 'REFUNDED' };
const EVENT = { CAPTURE: 'DeliveryPaymentCaptured', VOID: 'DeliveryPaymentVoided', REFUND: 'DeliveryPaymentVoided' } as const;

/** The gateway key of a step: one per authorization and step, so a retried step is never a second capture or void. */
export const stepKey = (s: Pick<PaymentStep, 'authorizationKey' | 'step'>) => `${s.authorizationKey}-${s.step.toLowerCase()}`;

/**
 * Runs the gateway steps the saga owes (leased, so many workers share them and a crashed one's
 * lease runs out): capture, void or refund with the step's own key, then the step DONE and the
 * order's payment status and event in one transaction. An authorization not known yet (the
 * order stopped while its outcome was unknown) is looked up by its key first; none → nothing to do.
 */
export async function runPaymentSteps(deps: DeliveryDeps, limit = 50): Promise<number> {
  const steps = await deps.transactions.withTransaction((tx) => deps.steps.lease(tx, deps.clock.now(), LEASE_MS, limit));
  await Promise.all(steps.map((step) => runStep(deps, step)));
  return steps.length;
}

async function runStep(deps: DeliveryDeps, step: PaymentStep): Promise<void> {
  try {
    const authorizationId = step.authorizationId ?? (await deps.gateway.findByKey(step.authorizationKey))?.id ?? null;
    if (authorizationId === null) {
      await deps.transactions.withTransaction((tx) => deps.steps.finish(tx, step, 'NOTHING_TO_DO', deps.clock.now()));
      return;
    }
    if (step.step === 'CAPTURE') await deps.gateway.capture(authorizationId, stepKey(step));
    else if (step.step === 'VOID') await deps.gateway.void(authorizationId, stepKey(step));
    else await deps.gateway.refund(authorizationId, step.amount, stepKey(step));
    await deps.transactions.withTransaction(async (tx) => {
      const order = await deps.orders.lock(tx, step.orderId);
      if (!order) throw new Error(`delivery order ${step.orderId} vanished`);
      const now = deps.clock.now();
      // The void of an authorization a change replaced leaves the order's current payment alone.
      if (authorizationKey(order) !== step.authorizationKey) return deps.steps.finish(tx, step, 'DONE', now);
      const next = { ...order, version: order.version + 1, payment: { ...order.payment, status: AFTER[step.step], authorizationId } };
      await Promise.all([
        deps.orders.save(tx, order.version, next),
        deps.steps.finish(tx, step, 'DONE', now),
        deps.outbox.append(tx, [deliveryOrderEvent(EVENT[step.step], next, order.status, now)]),
      ]);
    });
  } catch (err) {
    if (!(err instanceof PaymentUnavailable || err instanceof PaymentOutcomeUnknown)) throw err;
    const retryAt = new Date(deps.clock.now().getTime() + RETRY_MS * Math.min(2 ** (step.attempts - 1), 64));
    await deps.transactions.withTransaction((tx) => deps.steps.failed(tx, step, (err as Error).message, retryAt));
  }
}

import { authorizationKey, type DeliveryOrder } from '../domain/delivery-order';
import { deliveryOrderNotFound, notYourOrder } from '../domain/delivery-errors';
import { deliveryOrderEvent, type DeliveryOrderEventType } from '../events';
import type { DeliveryDeps } from '../delivery.deps';
import type { PaymentStepKind } from '../stores/payment-step.store';

export interface TransitionDecision {
  next: DeliveryOrder;
  event: DeliveryOrderEventType;
  /** A gateway step this transition owes (capture when cooking starts, void when an order stops before). */
  owe?: PaymentStepKind;
}

export type Actor = { kind: 'merchant' | 'customer'; userId: string } | { kind: 'system' };

/**
 * The one shape of every state-machine move: on the locked order row, check who asks, decide
 * (a pure domain move that refuses illegal ones with ORDER_STATE_CONFLICT), then the
 * version-guarded save, the event and the owed gateway step in the same transaction. Two moves
 * of one order (cancel racing startCooking) run one after the other on the row lock; the second
 * sees the first's status and is refused.
 */
export async function transitionOrder(
  deps: DeliveryDeps, orderId: string, actor: Actor, decide: (order: DeliveryOrder, now: Date) => TransitionDecision,
): Promise<DeliveryOrder> {
  return deps.transactions.withTransaction(async (tx) => {
    const order = await deps.orders.lock(tx, orderId.toLowerCase());
    if (!order) throw deliveryOrderNotFound();
    // The customer is not told that someone else's order exists; a merchant is told it is not theirs.
    if (actor.kind === 'customer' && order.customerId !== actor.userId) throw deliveryOrderNotFound();
    if (actor.kind === 'merchant' && order.merchantId !== actor.userId) throw notYourOrder();
    const now = deps.clock.now();
    const { next, event, owe } = decide(order, now);
    const [saved, owed] = await Promise.all([
      deps.orders.save(tx, order.version, next),
      owe
        ? deps.steps.owe(tx, { orderId: order.id, step: owe, authorizationKey: authorizationKey(order), authorizationId: order.payment.authorizationId, amount: order.total }, now)
        : true,
      deps.outbox.append(tx, [deliveryOrderEvent(event, next, order.status, now)]),
    ]);
    if (!saved || !owed) throw new Error(`delivery order ${order.id} changed under its lock (saved ${saved}, step owed ${owed})`);
    return next;
  });
}

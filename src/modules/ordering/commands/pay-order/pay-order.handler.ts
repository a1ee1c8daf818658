import { newId } from '../../../../shared/ids';
import { claimOrReplay } from '../../../../shared/idempotency';
import { UserFacingError } from '../../../../shared/user-error';
import { markPaid, payRefusal } from '../../domain/order';
import { couponNotHeld, insufficientBalance, orderNotFound } from '../../domain/order-errors';
import { orderPaid } from '../../events';
import type { OrderingDeps } from '../../ordering.deps';
import type { PaymentResult } from '../checkout/checkout.handler';
import type { PayOrderInput } from './pay-order.input';

/**
 * Locks the order (pay, cancel and expiry of one order take turns), then together: debit the
 * wallet with its conditional UPDATE (`balance >= total`, so concurrent payments can never
 * overdraw it) and its PAYMENT ledger row, the order's transition, the stored answer and
 * OrderPaid. The hold becomes the sale: stock does not move.
 */
export async function payOrder(deps: OrderingDeps, userId: string, input: PayOrderInput): Promise<PaymentResult> {
  const orderId = input.orderId.toLowerCase();
  const scope = { userId, operation: 'payOrder', key: input.idempotencyKey };
  return deps.transactions.withTransaction(async (tx) => {
    const [claim, order] = await Promise.all([
      claimOrReplay<PaymentResult>(deps.idempotency, tx, scope, { orderId }, deps.clock.now()),
      deps.orders.lock(tx, orderId),
    ]);
    if (claim.replayed) return claim.response;
    if (!order || order.userId !== userId) throw orderNotFound();
    const now = deps.clock.now(); // after the lock: a racing cancel or expiry that won it happened before
    const refusal = payRefusal(order, now);
    if (refusal) throw new UserFacingError([refusal]);
    if (order.couponId && !(await deps.coupons.markUsed(tx, { couponId: order.couponId, orderId, now }))) throw couponNotHeld();

    const paid = markPaid(order, newId(now.getTime()), now);
    const result: PaymentResult = { payment: paid.payment!, order: paid };
    const [wallet, moved] = await Promise.all([
      deps.wallets.debit(tx, { transactionId: paid.payment!.id, userId, amount: order.total, orderId, now }),
      deps.orders.transition(tx, order.version, paid),
      deps.idempotency.saveResponse(tx, scope, result),
      deps.outbox.append(tx, [orderPaid(paid, now)]),
    ]);
    if (!wallet) throw insufficientBalance(order.total);
    if (!moved) throw new Error(`order ${orderId} changed under its lock`);
    return result;
  });
}

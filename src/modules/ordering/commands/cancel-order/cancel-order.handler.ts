import { newId } from '../../../../shared/ids';
import { idempotently } from '../../../../shared/idempotency';
import type { Tx } from '../../../../shared/tx';
import { UserFacingError } from '../../../../shared/user-error';
import type { AuthUser } from '../../../identity';
import { cancelRefusal, markCancelled, refundDue, type Order } from '../../domain/order';
import { orderNotFound } from '../../domain/order-errors';
import { orderCancelled } from '../../events';
import type { OrderingDeps } from '../../ordering.deps';
import { putBackStock } from '../../stock-return';
import type { CancelOrderInput } from './cancel-order.input';

/**
 * The owner (or an admin) cancels. PENDING: the coupon is freed and the hold goes back to stock.
 * PAID: the owner's wallet gets the total back and the units return to stock. On the locked row,
 * so a cancel racing a payment (or another cancel) sees the other's outcome and acts on it.
 */
export async function cancelOrder(deps: OrderingDeps, user: AuthUser, input: CancelOrderInput): Promise<Order> {
  const orderId = input.orderId.toLowerCase();
  const key = input.idempotencyKey;
  return deps.transactions.withTransaction((tx) => (key
    ? idempotently(deps.idempotency, tx, { userId: user.id, operation: 'cancelOrder', key }, { orderId }, deps.clock.now(), () => cancel(deps, tx, user, orderId))
    : cancel(deps, tx, user, orderId)));
}

async function cancel(deps: OrderingDeps, tx: Tx, user: AuthUser, orderId: string): Promise<Order> {
  const order = await deps.orders.lock(tx, orderId);
  if (!order || (order.userId !== user.id && user.role !== 'ADMIN')) throw orderNotFound();
  const refusal = cancelRefusal(order);
  if (refusal) throw new UserFacingError([refusal]);
  const now = deps.clock.now(); // after the lock: cancelledAt never precedes a payment that won it
  const paid = order.status === 'PAID';
  const refund = refundDue(order);
  const cancelled = markCancelled(order, now);
  // Issued together, in lock order: coupon → wallet → (order) → stock.
  const [, refunded, moved, stockEvents] = await Promise.all([
    !paid && order.couponId ? deps.coupons.release(tx, { couponId: order.couponId, orderId, now }) : null,
    paid ? deps.wallets.credit(tx, 'REFUND', { transactionId: newId(now.getTime()), userId: order.userId, amount: refund, orderId, now }) : true,
    deps.orders.transition(tx, order.version, cancelled),
    putBackStock(deps.stock, tx, order.items, paid ? 'RETURNED' : 'RELEASED', now),
  ]);
  if (!moved || !refunded) throw new Error(`order ${orderId}: cancel did not apply (moved ${moved}, refunded ${Boolean(refunded)})`);
  await deps.outbox.append(tx, [orderCancelled(cancelled, paid ? 'PAID' : 'PENDING', refund, now), ...stockEvents]);
  return cancelled;
}

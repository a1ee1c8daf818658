import type { Pool } from 'pg';
import type { Clock } from '../../../../shared/clock';
import { newId } from '../../../../shared/ids';
import { idempotent } from '../../../../shared/idempotency';
import { outboxCte } from '../../../../shared/outbox.sql';
import { executeOnlyEntityManager, inTransaction, run, withCtes, type Cte, type Sql } from '../../../../shared/sql';
import { UserFacingError } from '../../../../shared/user-error';
import type { AuthUser } from '../../../identity/auth/tokens';
import { releaseCoupon } from '../../../coupons/coupon-usage';
import { creditCtes } from '../../../wallet/wallet.store';
import { cancelRefusal, markCancelled, refundDue, type Order } from '../../domain/order';
import { orderCancelled } from '../../events';
import { lockOrder, transitionCte } from '../../order.store';
import { putBackStock, quantitiesOf } from '../../stock-holds';
import { orderNotFound } from '../pay-order/pay-order.handler';
import type { CancelOrderInput } from './cancel-order.input';

/**
 * The owner (or an admin) cancels. PENDING: the coupon is freed and the hold goes back to stock.
 * PAID: the owner's wallet gets the total back and the units return to stock. On the locked row,
 * so a cancel racing a payment (or another cancel) sees the other's outcome and acts on it.
 */
export async function cancelOrder(pool: Pool, clock: Clock, user: AuthUser, input: CancelOrderInput): Promise<Order> {
  const orderId = input.orderId.toLowerCase();
  const key = input.idempotencyKey;
  return inTransaction(pool, (sql) => (key
    ? idempotent(sql, { userId: user.id, operation: 'cancelOrder', key }, { orderId }, clock.now(), () => cancel(sql, clock, user, orderId))
    : cancel(sql, clock, user, orderId)));
}

async function cancel(sql: Sql, clock: Clock, user: AuthUser, orderId: string): Promise<Order> {
  const order = await lockOrder(sql, orderId);
  if (!order || (order.userId !== user.id && user.role !== 'ADMIN')) throw orderNotFound();
  const refusal = cancelRefusal(order);
  if (refusal) throw new UserFacingError([refusal]);
  const now = clock.now(); // after the lock: cancelledAt never precedes a payment that won it
  const paid = order.status === 'PAID';
  const refund = refundDue(order);
  const cancelled = markCancelled(order, now);
  const writes: Cte[] = [];
  if (paid) {
    writes.push(...creditCtes('REFUND', { transactionId: newId(now.getTime()), userId: order.userId, amount: refund, orderId, now }));
  } else if (order.couponId) {
    await releaseCoupon(executeOnlyEntityManager(sql), { couponId: order.couponId, orderId, now });
  }
  // Wallet before stock, as everywhere (coupon → wallet → stock).
  writes.push(transitionCte(order.version, cancelled), outboxCte([orderCancelled(cancelled, paid ? 'PAID' : 'PENDING', refund, now)]));
  const [written] = await run<{ updated: number; refunded: number }>(sql, withCtes(writes, {
    text: `select (select count(*)::int from order_update) as updated, ${paid ? '(select count(*)::int from wallet)' : '1'} as refunded`, params: [],
  }));
  if (written.updated !== 1 || written.refunded !== 1) throw new Error(`order ${orderId}: cancel did not apply (updated ${written.updated}, refunded ${written.refunded})`);
  await putBackStock(sql, quantitiesOf(order.items), paid ? 'RETURNED' : 'RELEASED', now);
  return cancelled;
}

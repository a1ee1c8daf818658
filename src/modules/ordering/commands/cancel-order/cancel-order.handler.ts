import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { newId } from '../../../../shared/ids';
import { idempotent } from '../../../../shared/idempotency';
import { appendToOutbox } from '../../../../shared/outbox.entity';
import { UserFacingError } from '../../../../shared/user-error';
import type { AuthUser } from '../../../identity/auth/tokens';
import { releaseCoupon } from '../../../coupons/coupon-usage';
import { creditWallet } from '../../../wallet/wallet.store';
import { cancelRefusal, markCancelled, refundDue, type Order } from '../../domain/order';
import { orderCancelled } from '../../events';
import { lockOrder, saveTransition } from '../../order.store';
import { putBackStock, quantitiesOf } from '../../stock-holds';
import { orderNotFound } from '../pay-order/pay-order.handler';
import type { CancelOrderInput } from './cancel-order.input';

/**
 * The owner (or an admin) cancels. PENDING: the hold goes back to stock and the coupon is freed.
 * PAID: the owner's wallet gets the total back and the units return to stock. On the locked row,
 * so a cancel racing a payment (or another cancel) sees the other's outcome and acts on it.
 */
export async function cancelOrder(em: EntityManager, clock: Clock, user: AuthUser, input: CancelOrderInput): Promise<Order> {
  const orderId = input.orderId.toLowerCase();
  const execute = (tx: EntityManager) => async (): Promise<Order> => {
    const order = await lockOrder(tx, orderId);
    if (!order || (order.userId !== user.id && user.role !== 'ADMIN')) throw orderNotFound();
    const now = clock.now(); // after the lock: cancelledAt never precedes a payment that won it
    const refusal = cancelRefusal(order);
    if (refusal) throw new UserFacingError([refusal]);
    const refund = refundDue(order);
    if (order.status === 'PAID') {
      await creditWallet(tx, 'REFUND', { transactionId: newId(now.getTime()), userId: order.userId, amount: refund, orderId, now });
    } else if (order.couponId) {
      await releaseCoupon(tx, { couponId: order.couponId, orderId, now });
    }
    const stockEvents = await putBackStock(tx, quantitiesOf(order.items), order.status === 'PAID' ? 'RETURNED' : 'RELEASED', now);
    const cancelled = markCancelled(order, now);
    await saveTransition(tx, order.version, cancelled);
    appendToOutbox(tx, [orderCancelled(cancelled, order.status as 'PENDING' | 'PAID', refund, now), ...stockEvents]);
    return cancelled;
  };
  return em.transactional((tx) =>
    input.idempotencyKey
      ? idempotent(tx, { userId: user.id, operation: 'cancelOrder', key: input.idempotencyKey }, { orderId }, clock.now(), execute(tx))
      : execute(tx)(),
  );
}

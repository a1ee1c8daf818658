import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { newId } from '../../../../shared/ids';
import { idempotent } from '../../../../shared/idempotency';
import { appendToOutbox } from '../../../../shared/outbox.entity';
import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import { markCouponUsed } from '../../../coupons/coupon-usage';
import { debitWallet } from '../../../wallet/wallet.store';
import { markPaid, payRefusal } from '../../domain/order';
import { orderPaid } from '../../events';
import { lockOrder, saveTransition } from '../../order.store';
import { insufficientBalance } from '../../order-placement';
import type { PaymentResult } from '../checkout/checkout.handler';
import type { PayOrderInput } from './pay-order.input';

export const orderNotFound = () => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId'])]);

/**
 * Locks the order (pay, cancel and expiry of one order take turns), then debits the wallet with
 * a conditional UPDATE (`balance >= total`), so concurrent payments can never overdraw it.
 * The hold becomes the sale: stock does not move.
 */
export async function payOrder(em: EntityManager, clock: Clock, userId: string, input: PayOrderInput): Promise<PaymentResult> {
  const orderId = input.orderId.toLowerCase();
  return em.transactional((tx) =>
    idempotent(tx, { userId, operation: 'payOrder', key: input.idempotencyKey }, { orderId }, clock.now(), async () => {
      const order = await lockOrder(tx, orderId);
      if (!order || order.userId !== userId) throw orderNotFound();
      const now = clock.now(); // after the lock: a racing cancel or expiry that won it happened before
      const refusal = payRefusal(order, now);
      if (refusal) throw new UserFacingError([refusal]);
      if (order.couponId && !(await markCouponUsed(tx, { couponId: order.couponId, orderId, now }))) {
        throw new UserFacingError([userError(
          ErrorCode.COUPON_NOT_USABLE, 'The coupon on this order is no longer held for it; cancel the order and place it again', ['input', 'orderId'],
        )]);
      }
      const paymentId = newId(now.getTime());
      const wallet = await debitWallet(tx, { transactionId: paymentId, userId, amount: order.total, orderId, now });
      if (!wallet) throw insufficientBalance(order.total);
      const paid = markPaid(order, paymentId, now);
      await saveTransition(tx, order.version, paid);
      appendToOutbox(tx, [orderPaid(paid, now)]);
      return { payment: paid.payment!, order: paid };
    }),
  );
}

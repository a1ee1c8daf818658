import type { Pool } from 'pg';
import type { Clock } from '../../../../shared/clock';
import { newId } from '../../../../shared/ids';
import { claimOrReplay, saveResponseCte } from '../../../../shared/idempotency';
import { outboxCte } from '../../../../shared/outbox.sql';
import { executeOnlyEntityManager, inTransaction, run, withCtes } from '../../../../shared/sql';
import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import { markCouponUsed } from '../../../coupons/coupon-usage';
import { debitCtes } from '../../../wallet/wallet.store';
import { markPaid, payRefusal } from '../../domain/order';
import { orderPaid } from '../../events';
import { lockOrder, transitionCte } from '../../order.store';
import { couponNotHeld, insufficientBalance } from '../../order-placement';
import type { PaymentResult } from '../checkout/checkout.handler';
import type { PayOrderInput } from './pay-order.input';

export const orderNotFound = () => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId'])]);

/**
 * Locks the order (pay, cancel and expiry of one order take turns), then in one statement:
 * debit the wallet with a conditional UPDATE (`balance >= total`, so concurrent payments can
 * never overdraw it), the PAYMENT ledger row, the order's transition, the stored answer and
 * OrderPaid. The hold becomes the sale: stock does not move.
 */
export async function payOrder(pool: Pool, clock: Clock, userId: string, input: PayOrderInput): Promise<PaymentResult> {
  const orderId = input.orderId.toLowerCase();
  const scope = { userId, operation: 'payOrder', key: input.idempotencyKey };
  return inTransaction(pool, async (sql) => {
    const claim = await claimOrReplay<PaymentResult>(sql, scope, { orderId }, clock.now());
    if (claim.replayed) return claim.response;
    const order = await lockOrder(sql, orderId);
    if (!order || order.userId !== userId) throw orderNotFound();
    const now = clock.now(); // after the lock: a racing cancel or expiry that won it happened before
    const refusal = payRefusal(order, now);
    if (refusal) throw new UserFacingError([refusal]);
    if (order.couponId && !(await markCouponUsed(executeOnlyEntityManager(sql), { couponId: order.couponId, orderId, now }))) {
      throw couponNotHeld();
    }
    const paid = markPaid(order, newId(now.getTime()), now);
    const result: PaymentResult = { payment: paid.payment!, order: paid };
    const [written] = await run<{ balance: number | null; updated: number }>(sql, withCtes(
      [
        ...debitCtes({ transactionId: paid.payment!.id, userId, amount: order.total, orderId, now }),
        transitionCte(order.version, paid), saveResponseCte(scope, result), outboxCte([orderPaid(paid, now)]),
      ],
      { text: 'select (select balance from wallet) as balance, (select count(*)::int from order_update) as updated', params: [] },
    ));
    if (written.balance === null) throw insufficientBalance(order.total);
    if (written.updated !== 1) throw new Error(`order ${orderId} changed under its lock`);
    return result;
  });
}

import type { Pool } from 'pg';
import type { Clock } from '../../../../shared/clock';
import { newId } from '../../../../shared/ids';
import { idempotent } from '../../../../shared/idempotency';
import { inTransaction } from '../../../../shared/sql';
import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import { MAX_BALANCE } from '../../domain/wallet-limits';
import type { WalletView } from '../../queries/wallet.queries';
import { creditWallet } from '../../wallet.store';
import type { ChargePointsInput } from './charge-points.input';

/** One transaction: claim the key, add to the balance under the ceiling with the ledger row, store the answer. */
export async function chargePoints(pool: Pool, clock: Clock, userId: string, input: ChargePointsInput): Promise<WalletView> {
  const now = clock.now();
  return inTransaction(pool, (sql) =>
    idempotent(sql, { userId, operation: 'chargePoints', key: input.idempotencyKey }, { amount: input.amount }, now, async () => {
      const wallet = await creditWallet(sql, 'CHARGE', { transactionId: newId(now.getTime()), userId, amount: input.amount, orderId: null, now }, MAX_BALANCE);
      if (!wallet) {
        throw new UserFacingError([userError(
          ErrorCode.BALANCE_LIMIT_EXCEEDED, `A balance may not exceed ${MAX_BALANCE.toLocaleString('en')} won`, ['input', 'amount'],
        )]);
      }
      return { userId, balance: wallet.balance, version: wallet.version };
    }),
  );
}

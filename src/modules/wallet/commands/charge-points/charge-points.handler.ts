import { newId } from '../../../../shared/ids';
import { idempotently } from '../../../../shared/idempotency';
import { balanceLimitExceeded } from '../../domain/wallet-errors';
import { MAX_BALANCE } from '../../domain/wallet-limits';
import type { WalletView } from '../../queries/wallet.queries';
import type { WalletDeps } from '../../wallet.deps';
import type { ChargePointsInput } from './charge-points.input';

/** One transaction: claim the key, add to the balance under the ceiling with the ledger row, store the answer. */
export async function chargePoints(deps: WalletDeps, userId: string, input: ChargePointsInput): Promise<WalletView> {
  const now = deps.clock.now();
  const scope = { userId, operation: 'chargePoints', key: input.idempotencyKey };
  return deps.transactions.withTransaction((tx) => idempotently(deps.idempotency, tx, scope, { amount: input.amount }, now, async () => {
    const entry = { transactionId: newId(now.getTime()), userId, amount: input.amount, orderId: null, now };
    const wallet = await deps.wallets.credit(tx, 'CHARGE', entry, MAX_BALANCE);
    if (!wallet) throw balanceLimitExceeded();
    return { userId, balance: wallet.balance, version: wallet.version };
  }));
}

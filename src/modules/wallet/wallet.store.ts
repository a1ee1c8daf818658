import type { EntityManager } from '@mikro-orm/postgresql';
import type { WalletTransactionKind } from './domain/wallet-limits';

export interface WalletState {
  balance: number;
  version: number;
}

export interface LedgerEntry {
  /** The ledger row's id (for a PAYMENT: the payment's id). */
  transactionId: string;
  userId: string;
  amount: number;
  orderId: string | null;
  now: Date;
}

const INT_MAX = 2_147_483_647;

const LEDGER_INSERT = `insert into wallet_transactions (id, user_id, type, amount, balance_after, order_id, created_at)
  select ?::uuid, ?::uuid, ?::text, ?::int, w.balance, ?::uuid, ?::timestamptz from w`;

/**
 * Adds `amount` to a wallet (creating it) and appends the ledger row, in one statement. The
 * UPDATE holds the wallet row only until commit; a charge that would exceed `ceiling` matches
 * nothing and returns null. Used for CHARGE (with the ceiling) and REFUND (without).
 */
export async function creditWallet(
  tx: EntityManager, type: 'CHARGE' | 'REFUND', entry: LedgerEntry, ceiling = INT_MAX,
): Promise<WalletState | null> {
  const rows: WalletState[] = await tx.execute(
    `with w as (
       insert into wallets (user_id, balance, version, updated_at) values (?::uuid, ?::int, 1, ?::timestamptz)
       on conflict (user_id) do update
         set balance = wallets.balance + excluded.balance, version = wallets.version + 1, updated_at = excluded.updated_at
         where wallets.balance + excluded.balance <= ?::int
       returning balance, version
     ), t as (${LEDGER_INSERT})
     select balance, version from w`,
    [entry.userId, entry.amount, entry.now, ceiling, entry.transactionId, entry.userId, type, entry.amount, entry.orderId, entry.now],
  );
  return rows[0] ?? null;
}

/**
 * Takes `amount` from a wallet if the balance covers it — `WHERE balance >= amount`, so two
 * payments racing for the last won cannot both pass — and appends the PAYMENT ledger row
 * (negative amount) in the same statement. Returns null when the balance is short.
 */
export async function debitWallet(tx: EntityManager, entry: LedgerEntry): Promise<WalletState | null> {
  const ledgerParams = [entry.transactionId, entry.userId, 'PAYMENT' satisfies WalletTransactionKind, -entry.amount, entry.orderId, entry.now];
  if (entry.amount === 0) {
    // Nothing to take (a fully discounted order): no row lock, but still a payment record.
    const rows: WalletState[] = await tx.execute(
      `with w as (
         select coalesce(max(balance), 0) as balance, coalesce(max(version), 0) as version from wallets where user_id = ?::uuid
       ), t as (${LEDGER_INSERT})
       select balance, version from w`,
      [entry.userId, ...ledgerParams],
    );
    return rows[0];
  }
  const rows: WalletState[] = await tx.execute(
    `with w as (
       update wallets set balance = balance - ?::int, version = version + 1, updated_at = ?::timestamptz
       where user_id = ?::uuid and balance >= ?::int
       returning balance, version
     ), t as (${LEDGER_INSERT})
     select balance, version from w`,
    [entry.amount, entry.now, entry.userId, entry.amount, ...ledgerParams],
  );
  return rows[0] ?? null;
}

/** The balance a user has now (0 without a wallet): a read of the write model, exact. */
export async function readBalance(tx: EntityManager, userId: string): Promise<number> {
  const rows: Array<{ balance: number }> = await tx.execute('select balance from wallets where user_id = ?', [userId]);
  return rows[0]?.balance ?? 0;
}

import type { Tx } from '../../shared/tx';
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

/**
 * The Wallet aggregate: the `wallets` row and its ledger (`wallet_transactions`). Each change is
 * ONE statement — a conditional UPDATE (the version moves with it) and the ledger row written
 * only if it matched — so there is no read-then-write and no lost update.
 */
export interface WalletStore {
  /** Adds `amount` (creating the wallet) unless the balance would pass `ceiling`; null when refused. */
  credit(tx: Tx, type: 'CHARGE' | 'REFUND', entry: LedgerEntry, ceiling?: number): Promise<WalletState | null>;
  /** Takes `amount` if the balance covers it (`WHERE balance >= amount`); null when it does not. */
  debit(tx: Tx, entry: LedgerEntry): Promise<WalletState | null>;
  /** The balance as this transaction sees it (0 without a wallet). */
  balance(tx: Tx, userId: string): Promise<number>;
}

const INT_MAX = 2_147_483_647;

const LEDGER = `insert into wallet_transactions (id, user_id, type, amount, balance_after, order_id, created_at)
  select $1::uuid, $2::uuid, $3::text, $4::int, wallet.balance, $5::uuid, $6::timestamptz from wallet`;

const ledgerParams = (type: WalletTransactionKind, entry: LedgerEntry, signed: number) =>
  [entry.transactionId, entry.userId, type, signed, entry.orderId, entry.now];

export const pgWallets: WalletStore = {
  async credit(tx, type, entry, ceiling = INT_MAX) {
    const rows = await tx.query<WalletState>(
      `with wallet as (
         insert into wallets (user_id, balance, version, updated_at) values ($2::uuid, $4::int, 1, $6::timestamptz)
         on conflict (user_id) do update
           set balance = wallets.balance + excluded.balance, version = wallets.version + 1, updated_at = excluded.updated_at
           where wallets.balance + excluded.balance <= $7::int
         returning balance, version
       ), ledger as (${LEDGER})
       select balance, version from wallet`,
      [...ledgerParams(type, entry, entry.amount), ceiling],
    );
    return rows[0] ?? null;
  },

  async debit(tx, entry) {
    const wallet = entry.amount === 0
      // Nothing to take (a fully discounted order): no row lock, still a payment record.
      ? 'select coalesce(max(balance), 0) as balance, coalesce(max(version), 0) as version from wallets where user_id = $2::uuid and $7::int = 0'
      : `update wallets set balance = balance - $7::int, version = version + 1, updated_at = $6::timestamptz
         where user_id = $2::uuid and balance >= $7::int
         returning balance, version`;
    const rows = await tx.query<WalletState>(
      `with wallet as (${wallet}), ledger as (${LEDGER}) select balance, version from wallet`,
      [...ledgerParams('PAYMENT', entry, -entry.amount), entry.amount],
    );
    return rows[0] ?? null;
  },

  async balance(tx, userId) {
    const rows = await tx.query<{ balance: number }>('select balance from wallets where user_id = $1', [userId]);
    return rows[0]?.balance ?? 0;
  },
};

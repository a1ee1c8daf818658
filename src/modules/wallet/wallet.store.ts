import { run, withCtes, type Cte, type Sql } from '../../shared/sql';
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

/**
 * The wallet's writes as CTEs named `wallet` (returning balance, version — no row when refused)
 * and `wallet_ledger` (the ledger row, written only if `wallet` returned one). A command merges
 * them into its own statement so the balance, the ledger and its other rows move in one round trip.
 */
function ledgerCte(type: WalletTransactionKind, entry: LedgerEntry, signedAmount: number): Cte {
  return ['wallet_ledger', {
    text: `insert into wallet_transactions (id, user_id, type, amount, balance_after, order_id, created_at)
           select ?::uuid, ?::uuid, ?::text, ?::int, wallet.balance, ?::uuid, ?::timestamptz from wallet`,
    params: [entry.transactionId, entry.userId, type, signedAmount, entry.orderId, entry.now],
  }];
}

/**
 * Adds `amount` (creating the wallet). The UPDATE holds the wallet row only until commit; a
 * charge that would exceed `ceiling` matches nothing. CHARGE (with the ceiling) and REFUND (without).
 */
export function creditCtes(type: 'CHARGE' | 'REFUND', entry: LedgerEntry, ceiling = INT_MAX): Cte[] {
  return [
    ['wallet', {
      text: `insert into wallets (user_id, balance, version, updated_at) values (?::uuid, ?::int, 1, ?::timestamptz)
             on conflict (user_id) do update
               set balance = wallets.balance + excluded.balance, version = wallets.version + 1, updated_at = excluded.updated_at
               where wallets.balance + excluded.balance <= ?::int
             returning balance, version`,
      params: [entry.userId, entry.amount, entry.now, ceiling],
    }],
    ledgerCte(type, entry, entry.amount),
  ];
}

/**
 * Takes `amount` if the balance covers it — `WHERE balance >= amount`, so payments racing for
 * the last won cannot both pass, and no read-then-write — plus the PAYMENT ledger row.
 */
export function debitCtes(entry: LedgerEntry): Cte[] {
  const wallet: Cte = entry.amount === 0
    // Nothing to take (a fully discounted order): no row lock, still a payment record.
    ? ['wallet', {
      text: 'select coalesce(max(balance), 0) as balance, coalesce(max(version), 0) as version from wallets where user_id = ?::uuid',
      params: [entry.userId],
    }]
    : ['wallet', {
      text: `update wallets set balance = balance - ?::int, version = version + 1, updated_at = ?::timestamptz
             where user_id = ?::uuid and balance >= ?::int
             returning balance, version`,
      params: [entry.amount, entry.now, entry.userId, entry.amount],
    }];
  return [wallet, ledgerCte('PAYMENT', entry, -entry.amount)];
}

/** The final select of a statement built on these CTEs. */
export const WALLET_RESULT = { text: 'select balance, version from wallet', params: [] };

export async function creditWallet(sql: Sql, type: 'CHARGE' | 'REFUND', entry: LedgerEntry, ceiling?: number): Promise<WalletState | null> {
  const rows = await run<WalletState>(sql, withCtes(creditCtes(type, entry, ceiling), WALLET_RESULT));
  return rows[0] ?? null;
}

import type { Pool } from 'pg';
import type { WalletTransactionKind } from '../domain/wallet-limits';

/** What wallet reads and chargePoints answer: the write model, exact for its owner. */
export interface WalletView {
  userId: string;
  balance: number;
  version: number;
}

export interface WalletTransactionView {
  id: string;
  type: WalletTransactionKind;
  amount: number;
  balanceAfter: number;
  orderId: string | null;
  createdAt: string;
}

/** A user without a wallet row yet (never charged) has an empty wallet at version 0. */
export async function walletOf(pool: Pool, userId: string): Promise<WalletView> {
  const { rows } = await pool.query<{ balance: number; version: number }>(
    'select balance, version from wallets where user_id = $1', [userId],
  );
  return { userId, balance: rows[0]?.balance ?? 0, version: rows[0]?.version ?? 0 };
}

/** Newest first; `after` is the id of the last transaction seen (ids are time-ordered UUIDv7). */
export async function walletTransactions(pool: Pool, userId: string, first: number, after: string | null) {
  const [page, total] = await Promise.all([
    pool.query(
      `select id, type, amount, balance_after as "balanceAfter", order_id as "orderId", created_at as "createdAt"
       from wallet_transactions where user_id = $1 and ($2::uuid is null or id < $2)
       order by id desc limit $3`,
      [userId, after, first + 1],
    ),
    pool.query<{ n: number }>('select count(*)::int as n from wallet_transactions where user_id = $1', [userId]),
  ]);
  const items: WalletTransactionView[] = page.rows.slice(0, first).map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  return { items, hasNextPage: page.rows.length > first, totalCount: total.rows[0].n };
}

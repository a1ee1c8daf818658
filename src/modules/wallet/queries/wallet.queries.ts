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

export interface TransactionPage {
  items: WalletTransactionView[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * The wallet and, when asked, one page of its transactions (newest first, after the id `after`)
 * with their total count, in ONE statement: one round trip, one snapshot. One row per
 * transaction of the page, or a single row with null transaction columns when there are none.
 */
export async function walletWithTransactions(
  pool: Pool, userId: string, page: { first: number; after: string | null },
): Promise<{ wallet: WalletView; page: TransactionPage }> {
  const { rows } = await pool.query<{
    balance: number | null; version: number | null; n: number;
    id: string | null; type: WalletTransactionKind; amount: number; balanceAfter: number; orderId: string | null; createdAt: Date;
  }>(
    `select w.balance, w.version, c.n,
            t.id, t.type, t.amount, t.balance_after as "balanceAfter", t.order_id as "orderId", t.created_at as "createdAt"
     from (select count(*)::int as n from wallet_transactions where user_id = $1) c
     left join wallets w on w.user_id = $1
     left join lateral (
       select id, type, amount, balance_after, order_id, created_at from wallet_transactions
       where user_id = $1 and ($2::uuid is null or id < $2) order by id desc limit $3
     ) t on true
     order by t.id desc`,
    [userId, page.after, page.first + 1],
  );
  const head = rows[0];
  const wallet = { userId, balance: head?.balance ?? 0, version: head?.version ?? 0 };
  const found = rows.filter((r) => r.id !== null);
  const items: WalletTransactionView[] = found.slice(0, page.first).map((r) => ({
    id: r.id!, type: r.type, amount: r.amount, balanceAfter: r.balanceAfter, orderId: r.orderId, createdAt: new Date(r.createdAt).toISOString(),
  }));
  return { wallet, page: { items, hasNextPage: found.length > page.first, totalCount: head?.n ?? 0 } };
}

/**
 * Newest first; `after` is the id of the last transaction seen (ids are time-ordered UUIDv7).
 * The same one statement as above (the wallet row it also reads is one index lookup): the page
 * and its count never come from two snapshots.
 */
export async function walletTransactions(pool: Pool, userId: string, first: number, after: string | null): Promise<TransactionPage> {
  return (await walletWithTransactions(pool, userId, { first, after })).page;
}

import { newId } from '../../../shared/ids';
import { committed, race, raceDatabase, report, type RaceDb } from '../../../../test/support/snapshot-race';
import { walletTransactions, walletWithTransactions, type TransactionPage } from './wallet.queries';

/**
 * One response, one snapshot: a wallet's transactions page and its totalCount (and, read with
 * the wallet, its balance) must come from the same snapshot while the wallet is charged. Each
 * user gets at most PAGE transactions, so a first page of PAGE holds all of them.
 */
const PAGE = 20;
/** At least 3 s; longer on a loaded machine until enough reads and writes raced, at most 15 s. */
const RACE_MS = 3_000;
const MAX_MS = 15_000;
const MIN_READS = 1_500;
const MIN_WRITES = 100;
const AMOUNT = 1000;

let db: RaceDb;
beforeAll(async () => {
  db = await raceDatabase();
});
afterAll(() => db.close());

/** chargePoints as it commits: the wallet row and its ledger entry in one transaction. */
function chargeWriter(db: RaceDb) {
  const state = { userId: newId(), charged: 0, previous: null as string | null };
  return {
    state,
    async write() {
      if (state.charged === PAGE) {
        state.previous = state.userId;
        state.userId = newId();
        state.charged = 0;
      }
      const userId = state.userId;
      await committed(db.pool, async (tx) => {
        const { rows } = await tx.query<{ balance: number }>(
          `insert into wallets (user_id, balance, version, updated_at) values ($1, $2, 1, now())
           on conflict (user_id) do update set balance = wallets.balance + excluded.balance, version = wallets.version + 1, updated_at = now()
           returning balance`,
          [userId, AMOUNT],
        );
        await tx.query(
          `insert into wallet_transactions (id, user_id, type, amount, balance_after, created_at) values ($1, $2, 'CHARGE', $3, $4, now())`,
          [newId(), userId, AMOUNT, rows[0].balance],
        );
      });
      state.charged++;
    },
  };
}

const pageProblem = (page: TransactionPage) =>
  page.items.length === page.totalCount && !page.hasNextPage ? null
    : `totalCount ${page.totalCount}, ${page.items.length} edges, hasNextPage ${page.hasNextPage}`;

describe('wallet transactions under charges', () => {
  it('answers totalCount and edges from one snapshot (transactions page alone)', async () => {
    const writer = chargeWriter(db);
    const result = await race({
      ms: RACE_MS,
      readers: 6,
      minReads: MIN_READS,
      minWrites: MIN_WRITES,
      maxMs: MAX_MS,
      write: writer.write,
      read: async () => {
        const userId = writer.state.previous && Math.random() < 0.2 ? writer.state.previous : writer.state.userId;
        return pageProblem(await walletTransactions(db.pool, userId, PAGE, null));
      },
    });
    report('wallet transactions page', result);
    expect(result.contradictions).toEqual([]);
    expect(result.reads).toBeGreaterThanOrEqual(MIN_READS);
    expect(result.writesDuringReads).toBeGreaterThanOrEqual(MIN_WRITES);
  });

  it('answers the balance, the page and its count from one snapshot (wallet with transactions)', async () => {
    const writer = chargeWriter(db);
    const result = await race({
      ms: RACE_MS,
      readers: 6,
      minReads: MIN_READS,
      minWrites: MIN_WRITES,
      maxMs: MAX_MS,
      write: writer.write,
      read: async () => {
        const userId = writer.state.previous && Math.random() < 0.2 ? writer.state.previous : writer.state.userId;
        const { wallet, page } = await walletWithTransactions(db.pool, userId, { first: PAGE, after: null });
        const sum = page.items.reduce((s, t) => s + t.amount, 0);
        return pageProblem(page) ?? (wallet.balance === sum && wallet.version === page.totalCount ? null
          : `balance ${wallet.balance} (version ${wallet.version}) but ${page.totalCount} transactions summing to ${sum}`);
      },
    });
    report('wallet with transactions', result);
    expect(result.contradictions).toEqual([]);
    expect(result.reads).toBeGreaterThanOrEqual(MIN_READS);
    expect(result.writesDuringReads).toBeGreaterThanOrEqual(MIN_WRITES);
  });

  it('counts on an empty page: no transactions, or a cursor past the last one', async () => {
    expect(await walletTransactions(db.pool, newId(), PAGE, null)).toEqual({ items: [], hasNextPage: false, totalCount: 0 });
    const writer = chargeWriter(db);
    await writer.write();
    await writer.write();
    const first = await walletTransactions(db.pool, writer.state.userId, 1, null);
    expect(first).toMatchObject({ hasNextPage: true, totalCount: 2 });
    const rest = await walletTransactions(db.pool, writer.state.userId, 1, first.items[0].id);
    expect(rest).toMatchObject({ hasNextPage: false, totalCount: 2 });
    expect(await walletTransactions(db.pool, writer.state.userId, 1, rest.items[0].id)).toEqual({ items: [], hasNextPage: false, totalCount: 2 });
  });
});

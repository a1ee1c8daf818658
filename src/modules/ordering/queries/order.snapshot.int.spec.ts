import { newId } from '../../../shared/ids';
import { race, raceDatabase, report, type RaceDb } from '../../../../test/support/snapshot-race';
import type { OrderStatusName } from '../domain/order';
import { ordersOfUser } from './order.queries';

/**
 * One response, one snapshot: myOrders' page and totalCount must come from the same snapshot
 * while orders are placed and paid. Each user gets at most PAGE orders, so a first page of PAGE
 * holds every order its count counts, whatever the status filter.
 */
const PAGE = 20;
/** At least 3 s; longer on a loaded machine until enough reads and writes raced, at most 15 s. */
const RACE_MS = 3_000;
const MAX_MS = 15_000;
const MIN_READS = 1_500;
const MIN_WRITES = 100;

let db: RaceDb;
beforeAll(async () => {
  db = await raceDatabase();
});
afterAll(() => db.close());

/** Places orders (order + item in one statement, as the placement commits them) and pays the oldest pending one now and then. */
function orderWriter(db: RaceDb) {
  const state = { userId: newId(), placed: 0, previous: null as string | null, writes: 0 };
  return {
    state,
    async write() {
      state.writes++;
      if (state.writes % 3 === 0) {
        await db.pool.query(
          `update orders set status = 'PAID', paid_at = now(), version = version + 1
           where id = (select id from orders where user_id = $1 and status = 'PENDING' order by id limit 1)`,
          [state.userId],
        );
        return;
      }
      if (state.placed === PAGE) {
        state.previous = state.userId;
        state.userId = newId();
        state.placed = 0;
      }
      await db.pool.query(
        `with o as (
           insert into orders (id, user_id, status, subtotal, discount, total, expires_at, created_at)
           values ($1, $2, 'PENDING', 3000, 0, 3000, now() + interval '15 minutes', now()) returning id
         )
         insert into order_items (order_id, product_id, product_name, unit_price, quantity, line_total)
         select id, $3, 'beans', 1000, 3, 3000 from o`,
        [newId(), state.userId, newId()],
      );
      state.placed++;
    },
  };
}

describe('myOrders under orders being placed and paid', () => {
  it('answers totalCount and edges from one snapshot, for every status filter', async () => {
    const writer = orderWriter(db);
    const statuses: Array<OrderStatusName | null> = [null, null, 'PENDING', 'PAID'];
    const seen = new Set<string>();
    const result = await race({
      ms: RACE_MS,
      readers: 6,
      minReads: MIN_READS,
      minWrites: MIN_WRITES,
      maxMs: MAX_MS,
      write: writer.write,
      read: async () => {
        const userId = writer.state.previous && Math.random() < 0.2 ? writer.state.previous : writer.state.userId;
        const status = statuses[Math.floor(Math.random() * statuses.length)];
        const page = await ordersOfUser(db.pool, userId, PAGE, null, status);
        seen.add(`${status}:${page.totalCount}`);
        const fits = page.items.length === page.totalCount && !page.hasNextPage;
        const filtered = page.items.every((o) => o.userId === userId && (status === null || o.status === status) && o.items.length === 1);
        return fits && filtered ? null
          : `user ${userId} status ${status}: totalCount ${page.totalCount}, ${page.items.length} edges, hasNextPage ${page.hasNextPage}`;
      },
    });
    report('myOrders', result);
    expect(result.contradictions).toEqual([]);
    expect(result.reads).toBeGreaterThanOrEqual(MIN_READS);
    expect(result.writesDuringReads).toBeGreaterThanOrEqual(MIN_WRITES);
    expect(seen.size).toBeGreaterThan(PAGE);
  });

  it('counts on an empty page: no orders at all, or a cursor past the last one', async () => {
    expect(await ordersOfUser(db.pool, newId(), PAGE, null, null)).toEqual({ items: [], hasNextPage: false, totalCount: 0 });
    const writer = orderWriter(db);
    await writer.write();
    await writer.write(); // two placed
    const page = await ordersOfUser(db.pool, writer.state.userId, 1, null, 'PENDING');
    expect(page).toMatchObject({ hasNextPage: true, totalCount: 2 });
    const last = await ordersOfUser(db.pool, writer.state.userId, 5, page.items[0].id, null);
    expect(last).toMatchObject({ hasNextPage: false, totalCount: 2 });
    expect(last.items).toHaveLength(1);
    expect(await ordersOfUser(db.pool, writer.state.userId, 5, last.items[0].id, 'PENDING'))
      .toEqual({ items: [], hasNextPage: false, totalCount: 2 });
    expect(await ordersOfUser(db.pool, writer.state.userId, 5, null, 'PAID')).toEqual({ items: [], hasNextPage: false, totalCount: 0 });
  });
});

import { newId } from '../../src/shared/ids';
import { committed, race, raceDatabase, report, type RaceDb } from '../../test/support/snapshot-race';
import { POPULAR_GENERATION_KEY } from './popular.cache';
import { PopularQueries, type PopularRanking } from './popular.query';
import { addDays, rankingWindow } from './popular.window';

/**
 * One response, one snapshot: popularProducts' totalOrders and its items must be computed from
 * the same buckets while the projector applies payments and refunds. Every order here is one
 * unit of one product, and there are fewer products than `limit`, so in any consistent answer
 * totalOrders equals the sum of soldQuantity. The window lies in 2095, where no other test sells.
 */
/** At least 3 s; longer on a loaded machine until enough reads and writes raced, at most 15 s. */
const RACE_MS = 3_000;
const MAX_MS = 15_000;
const MIN_READS = 1_500;
const MIN_WRITES = 100;
const NOW = new Date('2095-03-10T12:00:00.000Z');
const DAYS = 3;
const LIMIT = 50;

let db: RaceDb;
const products = Array.from({ length: 5 }, () => newId());
beforeAll(async () => {
  db = await raceDatabase();
  await db.pool.query(
    `insert into product_read (id, name, description, category, price, stock, version, stock_version, created_at, updated_at)
     select id, 'ranked', '', 'snapshot', 100, 10, 1, 1, now(), now() from unnest($1::uuid[]) as id`,
    [products],
  );
});
afterAll(() => db.close());

/**
 * What the popular projector commits for one OrderPaid of one unit (or the OrderCancelled that
 * refunds it), written straight to the buckets: the product's day bucket and the day's order
 * count in one transaction, in that order, then the generation bump that retires cached rankings.
 */
function salesWriter(db: RaceDb) {
  const window = rankingWindow(NOW, DAYS);
  const paid: Array<{ day: string; productId: string }> = [];
  let writes = 0;
  return async () => {
    writes++;
    const refund = writes % 5 === 0 && paid.length > 0 ? paid.splice(Math.floor(Math.random() * paid.length), 1)[0] : undefined;
    const sale = refund ?? {
      day: addDays(window.firstDay, Math.floor(Math.random() * DAYS)),
      productId: products[Math.floor(Math.random() * products.length)],
    };
    const sign = refund ? -1 : 1;
    await committed(db.pool, async (tx) => {
      await tx.query(
        `insert into popular_daily (day, product_id, sold_quantity, revenue) values ($1, $2, $3, $4)
         on conflict (day, product_id) do update set sold_quantity = popular_daily.sold_quantity + excluded.sold_quantity,
           revenue = popular_daily.revenue + excluded.revenue`,
        [sale.day, sale.productId, sign, sign * 100],
      );
      await tx.query(
        `insert into popular_orders_daily (day, paid_orders) values ($1, $2)
         on conflict (day) do update set paid_orders = popular_orders_daily.paid_orders + excluded.paid_orders`,
        [sale.day, sign],
      );
    });
    if (!refund) paid.push(sale);
    await db.cache.attempt('popular', (r) => r.incr(POPULAR_GENERATION_KEY));
  };
}

function contradiction(ranking: PopularRanking): string | null {
  const sold = ranking.items.reduce((s, i) => s + i.soldQuantity, 0);
  return ranking.totalOrders === sold ? null : `totalOrders ${ranking.totalOrders} but the items sold ${sold} (${ranking.items.length} items)`;
}

async function raceRanking(name: string, read: (queries: PopularQueries) => Promise<PopularRanking>) {
  const queries = new PopularQueries(db.pool, db.cache);
  const seen = new Set<number>();
  const result = await race({
    ms: RACE_MS,
    readers: 6,
    minReads: MIN_READS,
    minWrites: MIN_WRITES,
    maxMs: MAX_MS,
    write: salesWriter(db),
    read: async () => {
      const ranking = await read(queries);
      seen.add(ranking.totalOrders);
      return contradiction(ranking);
    },
  });
  report(`popularProducts (${name})`, result);
  expect(result.contradictions).toEqual([]);
  expect(result.reads).toBeGreaterThanOrEqual(MIN_READS);
  expect(result.writesDuringReads).toBeGreaterThanOrEqual(MIN_WRITES);
  expect(seen.size).toBeGreaterThan(50);
}

describe('popularProducts under the projector applying sales', () => {
  it('computes totalOrders and the ranking from one snapshot (Postgres)', async () => {
    await raceRanking('postgres', (q) => q.fromDb(rankingWindow(NOW, DAYS), LIMIT));
  });

  it('caches only consistent rankings (Redis, generation bumped after every commit)', async () => {
    await raceRanking('cached', (q) => q.popular(NOW, DAYS, LIMIT));
  });

  it('answers an empty window with no items and 0 orders', async () => {
    const ranking = await new PopularQueries(db.pool, db.cache).fromDb(rankingWindow(new Date('2099-01-01T00:00:00Z'), DAYS), LIMIT);
    expect(ranking).toMatchObject({ totalOrders: 0, items: [], days: DAYS });
  });
});

import { newId } from '../../src/shared/ids';
import type { Cache } from '../../src/infrastructure/redis/cache';
import { race, raceDatabase, report, type RaceDb } from '../../test/support/snapshot-race';
import { PRODUCTS_GENERATION_KEY } from './product.cache';
import { ProductQueries, type ProductPage } from './product.query';

/**
 * One response, one snapshot: a products page and its totalCount must come from the same
 * snapshot, while the projector keeps committing new products. Each category is filled with at
 * most PAGE products, so a first page of PAGE always holds every product the count counts.
 */
const PAGE = 20;
/** At least 3 s; longer on a loaded machine until enough reads and writes raced, at most 15 s. */
const RACE_MS = 3_000;
const MAX_MS = 15_000;
const MIN_READS = 1_500;
const MIN_WRITES = 40;

let db: RaceDb;
beforeAll(async () => {
  db = await raceDatabase();
});
afterAll(() => db.close());

/** Redis away: every read goes to Postgres and nothing is cached. */
const noRedis = { attempt: async () => undefined, get: async () => undefined, set: async () => undefined } as unknown as Cache;

/**
 * What the product projector commits for a createProduct, written straight to product_read:
 * ProductCreated (the row, still invisible without stock), then its first StockChanged (now
 * visible), two commits, each followed by the generation bump that retires cached pages.
 */
function catalogWriter(db: RaceDb, run: string) {
  const state = { category: `${run}-0`, filled: 0, previous: null as string | null, categories: 0 };
  const bump = () => db.cache.attempt('products', (r) => r.incr(PRODUCTS_GENERATION_KEY));
  return {
    state,
    async write() {
      if (state.filled === PAGE) {
        state.previous = state.category;
        state.categories++;
        state.category = `${run}-${state.categories}`;
        state.filled = 0;
      }
      const id = newId();
      await db.pool.query(
        `insert into product_read (id, name, description, category, price, version, created_at, updated_at)
         values ($1, $2, 'beans', $3, 1000, 1, now(), now())`,
        [id, `coffee ${id.slice(-4)}`, state.category],
      );
      await bump();
      await db.pool.query('update product_read set stock = 10, stock_version = 1 where id = $1 and stock_version < 1', [id]);
      await bump();
      state.filled++;
    },
  };
}

/** A first page that holds everything it counts: as many edges as totalCount, and no next page. */
function contradiction(page: ProductPage, category: string): string | null {
  if (page.items.length === page.totalCount && !page.hasNextPage && page.items.every((p) => p.category === category)) return null;
  return `category ${category}: totalCount ${page.totalCount}, ${page.items.length} edges, hasNextPage ${page.hasNextPage}`;
}

async function raceProducts(queries: ProductQueries, name: string) {
  const writer = catalogWriter(db, `snap-${name}-${newId().slice(-8)}`);
  const seen = new Set<number>();
  const result = await race({
    ms: RACE_MS,
    readers: 6,
    minReads: MIN_READS,
    minWrites: MIN_WRITES,
    maxMs: MAX_MS,
    write: writer.write,
    read: async () => {
      // Mostly the category being filled; sometimes the one just completed.
      const category = writer.state.previous && Math.random() < 0.2 ? writer.state.previous : writer.state.category;
      const page = (await queries.page(PAGE, null, category))!;
      seen.add(page.totalCount);
      return contradiction(page, category);
    },
  });
  report(`products page (${name})`, result);
  expect(result.contradictions).toEqual([]);
  expect(result.reads).toBeGreaterThanOrEqual(MIN_READS);
  expect(result.writesDuringReads).toBeGreaterThanOrEqual(MIN_WRITES);
  expect(seen.size).toBeGreaterThan(PAGE / 2); // the readers saw the counts move
}

describe('products(first, category) under a projector committing creates', () => {
  it('answers totalCount and edges from one snapshot (Postgres)', async () => {
    await raceProducts(new ProductQueries(db.pool, noRedis), 'postgres');
  });

  it('caches only consistent pages (Redis, generation bumped after every commit)', async () => {
    await raceProducts(new ProductQueries(db.pool, db.cache), 'cached');
  });

  it('counts the category on an empty page (unknown category, or a cursor past the last product)', async () => {
    const queries = new ProductQueries(db.pool, noRedis);
    expect(await queries.page(PAGE, null, `none-${newId()}`)).toEqual({ items: [], hasNextPage: false, totalCount: 0 });
    const writer = catalogWriter(db, `snap-empty-${newId().slice(-8)}`);
    for (let i = 0; i < 3; i++) await writer.write();
    const all = (await queries.page(2, null, writer.state.category))!;
    expect(all).toMatchObject({ hasNextPage: true, totalCount: 3 });
    const rest = (await queries.page(2, all.items[1].id, writer.state.category))!;
    expect(rest).toMatchObject({ hasNextPage: false, totalCount: 3 });
    expect(rest.items.map((p) => p.id)).toHaveLength(1);
    expect(await queries.page(2, rest.items[0].id, writer.state.category)).toEqual({ items: [], hasNextPage: false, totalCount: 3 });
    expect(await queries.page(2, newId(), writer.state.category)).toBeNull(); // a cursor no product has
  });
});

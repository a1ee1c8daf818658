import { PRODUCTS_GENERATION_KEY } from '../../projections/product';
import { RestockProductDocument } from '../generated/graphql';
import { adminToken, createProduct } from '../support/actors';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { rawQuery } from './attack-client';

/**
 * Attack (issue 12 item 1): a cache key built from user input must never collide with a key
 * standing for "argument left out". `products(first: 7, category: "*")` used to share the Redis
 * key of the unfiltered page, so one anonymous request emptied the catalog for everybody.
 */
let app: TestApp;
let admin: string;
let productId: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await adminToken(app);
  productId = (await createProduct(app, admin, { stock: 5 })).id;
  // The creation's own generation bump must be behind us, or it could land after an attack.
  await eventually(async () => (await app.services.pool.query('select 1 from product_read where id = $1 and version > 0 and stock_version > 0', [productId])).rowCount === 1);
  await new Promise((r) => setTimeout(r, 300));
});
afterAll(() => app?.stop());

/** A stock change, then the moment the projector has bumped the page generation: a fresh key space. */
async function freshGeneration(): Promise<void> {
  const before = await app.services.cache.redis.get(PRODUCTS_GENERATION_KEY);
  await app.ok(RestockProductDocument, { input: { productId, quantity: 1 } }, admin);
  await eventually(async () => (await app.services.cache.redis.get(PRODUCTS_GENERATION_KEY)) !== before, 10_000, 'generation bump');
}

const totalCount = async (args: string) => {
  const res = await rawQuery(app.url, `{ products(${args}) { totalCount edges { node { id } } } }`);
  return res.body.data ? (res.body.data.products as { totalCount: number }).totalCount : res.body.errors;
};

// Values that look like what a key builder might use for "none": the old builder used '*' and ''.
const SENTINELS = ['*', 'null', 'undefined', ':', '*:7:', ' ', '%2A', '\\*', '[]', '{}', '""'];

describe('cache key sentinels', () => {
  it.each(SENTINELS)('category %j cannot poison the unfiltered catalog page', async (sentinel) => {
    const { rows } = await app.services.pool.query('select count(*)::int as n from product_read where version > 0 and stock_version > 0');
    await freshGeneration();
    // The attack: the filtered page is asked first, so it is the one written to the cache.
    await totalCount(`first: 7, category: ${JSON.stringify(sentinel)}`);
    expect(await totalCount('first: 7')).toBe(rows[0].n);
    expect(await totalCount('first: 7, category: null')).toBe(rows[0].n);
  });

  it('a page with a cursor and one without never share a key (after: sentinel-like strings are refused)', async () => {
    await freshGeneration();
    for (const after of ['', '*', 'null']) {
      const res = await rawQuery(app.url, `{ products(first: 7, after: ${JSON.stringify(after)}) { totalCount } }`);
      expect(res.body.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['after'] }));
    }
    expect(await totalCount('first: 7')).toBeGreaterThan(0);
  });

  it('popularProducts and recommendedProducts with edge arguments leave the default ranking intact', async () => {
    const baseline = await rawQuery(app.url, '{ popularProducts { days totalOrders } }');
    await freshGeneration();
    for (const args of ['days: null', 'limit: null', 'days: 3, limit: 5']) await rawQuery(app.url, `{ popularProducts(${args}) { days totalOrders } }`);
    await rawQuery(app.url, `{ recommendedProducts(productId: "*") { id } }`);
    const after = await rawQuery(app.url, '{ popularProducts { days totalOrders } }');
    expect(after.body).toEqual(baseline.body);
  });
});

import { POPULAR_GENERATION_KEY, utcDay } from '../../projections/popular';
import { PopularProductsDocument } from '../generated/graphql';
import { adminToken, createProduct } from '../support/actors';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * Attack (issue 12 item 9): once one product's revenue in the window passed 2^31 won, the
 * ranking's Int fields could not be serialized and popularProducts failed for everyone.
 * Revenue, units sold and order counts are SafeInt (exact to 2^53 - 1).
 */
let app: TestApp;
let productId: string;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await adminToken(app);
  productId = (await createProduct(app, admin, { price: 100_000_000, stock: 100 })).id;
  await eventually(async () => (await app.services.pool.query('select 1 from product_read where id = $1 and stock_version > 0', [productId])).rowCount === 1);
});
afterAll(() => app?.stop());

it('a product with 3,000,000,000 won of sales today still ranks, with its exact revenue', async () => {
  // The sales as the popular projector records them: reaching them through the API would take
  // 3,000 maximum wallet charges. So many units that it ranks first whatever else sold today in this run.
  const today = utcDay(new Date());
  await app.services.pool.query(
    `insert into popular_daily (day, product_id, sold_quantity, revenue) values ($1, $2, 1000000000, 3000000000)
     on conflict (day, product_id) do update set sold_quantity = excluded.sold_quantity, revenue = excluded.revenue`, [today, productId],
  );
  await app.services.cache.redis.incr(POPULAR_GENERATION_KEY);
  const res = await app.gql(PopularProductsDocument, { days: 1, limit: 5 });
  expect(res.errors).toBeUndefined();
  const item = res.data!.popularProducts.items.find((i) => i.product.id === productId);
  expect(item).toEqual(expect.objectContaining({ rank: 1, revenue: 3_000_000_000, soldQuantity: 1_000_000_000 }));
});

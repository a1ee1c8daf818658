import { randomUUID } from 'node:crypto';
import { PopularProductsDocument } from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct } from '../support/actors';
import { startOwnRedis, type OwnService } from '../support/own-services';
import { appendToOutboxRows, paidSale } from '../support/sales';
import { systemClock } from '../../src/shared/clock';

let redis: OwnService; // this test's own redis-server (never the machine's 6379), so it can be killed
let app: TestApp;

beforeAll(async () => {
  redis = await startOwnRedis();
  app = await startTestApp({ REDIS_URL: redis.url });
});
afterAll(async () => {
  await app?.stop();
  await redis?.dispose();
});

const metric = async (result: string) => {
  const text = await fetch(app.url.replace('/graphql', '/metrics')).then((r) => r.text());
  const line = text.split('\n').find((l) => l.startsWith(`cache_requests_total{cache="response",result="${result}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};
const ranking = async () => {
  const { popularProducts } = await app.ok(PopularProductsDocument, { days: 3, limit: 5 });
  return popularProducts.items.map((i) => `${i.product.name}:${i.soldQuantity}`);
};

it('answers popularProducts from Postgres while Redis is down, follows new sales meanwhile, and caches again after', async () => {
  const admin = await adminToken(app);
  const category = `redis-down-${randomUUID()}`;
  const [a, b] = [await createProduct(app, admin, { name: 'A', category }), await createProduct(app, admin, { name: 'B', category })];
  await eventually(async () => (await app.services.pool.query('select count(*)::int as n from product_read where category = $1 and version > 0', [category])).rows[0].n === 2);
  const now = new Date('2095-02-02T12:00:00.000Z');
  app.services.clock = { now: () => now };
  try {
    await appendToOutboxRows(app.services.pool, [paidSale([{ productId: a.id, quantity: 3, unitPrice: 10 }], now).paid]);
    await eventually(async () => (await ranking()).join() === 'A:3', 15_000, 'first sale ranked');
    const hitsBefore = await metric('hit');
    await ranking();
    await ranking();
    expect(await metric('hit')).toBeGreaterThan(hitsBefore);

    await redis.kill();
    const started = Date.now();
    expect(await ranking()).toEqual(['A:3']);
    expect(Date.now() - started).toBeLessThan(1_000); // no waiting on a dead Redis
    expect(await metric('error')).toBeGreaterThan(0); // the response cache stood aside

    // Sales go on while Redis is down: the projector commits, its cache refresh fails harmlessly,
    // and readers see the new ranking from Postgres (no in-process copy is trusted meanwhile).
    await appendToOutboxRows(app.services.pool, [paidSale([{ productId: b.id, quantity: 8, unitPrice: 10 }], now).paid]);
    await eventually(async () => (await ranking()).join() === 'B:8,A:3', 15_000, 'new ranking without Redis');
    for (let i = 0; i < 5; i++) expect(await ranking()).toEqual(['B:8', 'A:3']);

    // Redis comes back empty: answers stay right, and the cache fills again.
    await redis.start();
    await eventually(async () => {
      const before = await metric('hit');
      expect(await ranking()).toEqual(['B:8', 'A:3']);
      expect(await ranking()).toEqual(['B:8', 'A:3']);
      return (await metric('hit')) > before;
    }, 15_000, 'response cache serving again after Redis returned');
  } finally {
    app.services.clock = systemClock;
  }
});

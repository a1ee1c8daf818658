import { randomUUID } from 'node:crypto';
import { adminToken, createProduct } from '../support/actors';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { rawQuery } from './attack-client';
import { heapAfterGc, mb, redisUsedMemory } from './memory';

/**
 * Attack (issue 12 item 2): 15 aliases of products(first: 100, after: <made-up cursor>), each
 * request with fresh cursors, anonymous. Every answer was a new cache entry (Redis page keys,
 * a Redis response entry and an in-process copy): memory grew by megabytes per request.
 */
let app: TestApp;
const REQUESTS = 60;

beforeAll(async () => {
  app = await startTestApp({ RESPONSE_CACHE_MAX_MB: '4' });
  const admin = await adminToken(app);
  const category = `mem-${randomUUID()}`;
  for (let i = 0; i < 100; i++) await createProduct(app, admin, { category, description: 'x'.repeat(200) });
  await eventually(async () => (await app.services.pool.query('select count(*)::int as n from product_read where category = $1 and stock_version > 0', [category])).rows[0].n === 100);
}, 60_000);
afterAll(() => app?.stop());

/** A cursor for an id no product has: past every real id, so the page behind it is full. */
const madeUpCursor = () => Buffer.from(`c:ffffffff-ffff-7fff-bfff-${randomUUID().slice(-12)}`).toString('base64url');
const attack = () => `{ ${Array.from({ length: 15 }, (_, i) =>
  `a${i}: products(first: 100, after: "${madeUpCursor()}") { totalCount edges { cursor node { id name description category price stock } } }`).join(' ')} }`;

describe('memory exhaustion through the caches', () => {
  it(`${REQUESTS} anonymous requests with made-up cursors are refused, and neither Redis nor the heap grows`, async () => {
    // Warm-up: Apollo's parsed-document LRU and the cache's plan memo fill (both bounded) before measuring.
    for (let i = 0; i < 20; i++) await rawQuery(app.url, attack());
    const heapBefore = heapAfterGc();
    const redisBefore = await redisUsedMemory(app.services.cache.redis);
    for (let i = 0; i < REQUESTS; i++) {
      const res = await rawQuery(app.url, attack());
      expect(res.body.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['after'] }));
    }
    const heapDelta = heapAfterGc() - heapBefore;
    const redisDelta = (await redisUsedMemory(app.services.cache.redis)) - redisBefore;
    console.log(`item 2: ${REQUESTS} attack requests: heap +${mb(heapDelta)} MB, Redis +${mb(redisDelta)} MB`);
    expect(redisDelta).toBeLessThan(2 * 1024 * 1024);
    // What remains is Apollo's parsed-document LRU (bounded, ~30 MiB by its own estimate) and the
    // plan memo; the old code kept every answer: Redis +86.6 MB for 60 requests.
    expect(heapDelta).toBeLessThan(15 * 1024 * 1024);
  }, 120_000);

  it('big answers with real cursors and renamed aliases stay within the in-process byte budget', async () => {
    const { rows } = await app.services.pool.query('select id from product_read where stock_version > 0 order by id desc limit 100');
    const cursor = (id: string) => Buffer.from(`c:${id}`).toString('base64url');
    const heapBefore = heapAfterGc();
    for (let i = 0; i < REQUESTS; i++) {
      const q = `{ ${Array.from({ length: 15 }, (_, j) =>
        `r${i}x${j}: products(first: 100, after: "${cursor(rows[j].id)}") { edges { node { id name description category price stock } } }`).join(' ')} }`;
      const res = await rawQuery(app.url, q);
      expect(res.body.errors).toBeUndefined();
    }
    const heapDelta = heapAfterGc() - heapBefore;
    console.log(`item 2: ${REQUESTS} distinct valid big queries: heap +${mb(heapDelta)} MB (budget RESPONSE_CACHE_MAX_BYTES, test 4 MB)`);
    expect(heapDelta).toBeLessThan(12 * 1024 * 1024);
  }, 120_000);
});

import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import Redis from 'ioredis';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  PopularProductsDocument, RecommendedProductsDocument, RestockProductDocument, UpdateProductDocument,
} from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { spawnApp } from '../support/spawn-app';
import { systemClock } from '../../src/shared/clock';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import {
  appendToOutboxRows, cancelPaid, cancelPending, expectedSales, paidSale, popularProjected, rank, republish, type Sale,
} from '../support/sales';
import { addDays, rankingWindow } from '../../projections/popular/popular.window';
import { POPULAR_GENERATION_KEY } from '../../projections/popular/popular.cache';

let app: TestApp;
let admin: string;
let nc: NatsConnection;
let redis: Redis;

beforeAll(async () => {
  app = await startTestApp();
  admin = await adminToken(app);
  nc = await connect({ servers: app.services.config.natsUrl });
  redis = new Redis(app.services.config.redisUrl);
});
afterAll(async () => {
  redis?.disconnect();
  await nc?.close();
  await app?.stop();
});

// Products are created on the real clock (their UUIDv7 ids then follow creation order).
beforeEach(() => {
  app.services.clock = systemClock;
});

/** Pins the clock the API reads "today" from: every test owns a window no other test's orders reach. */
const pinClock = (iso: string) => {
  const now = new Date(iso);
  app.services.clock = { now: () => now };
  return now;
};
const at = (now: Date, daysBack: number, hour = 10) => new Date(`${addDays(now.toISOString().slice(0, 10), -daysBack)}T${String(hour).padStart(2, '0')}:00:00.000Z`);

async function products(n: number, overrides: { category?: string; stocks?: number[] } = {}) {
  const category = overrides.category ?? `popular-${randomUUID()}`;
  const made = [];
  for (let i = 0; i < n; i++) made.push(await createProduct(app, admin, { name: `P${i}`, category, price: 1_000 * (i + 1), stock: overrides.stocks?.[i] ?? 50 }));
  await eventually(async () => {
    const { rows } = await app.services.pool.query('select count(*)::int as n from product_read where category = $1 and version > 0', [category]);
    return rows[0].n === n;
  }, 15_000, 'products projected');
  return made;
}

const projected = () => popularProjected(app.services.pool, nc, app.services.config.natsStream);

const popular = (days?: number | null, limit?: number | null, token?: string) => app.ok(PopularProductsDocument, { days, limit }, token).then((d) => d.popularProducts);
const hits = async () => {
  const text = await fetch(app.url.replace('/graphql', '/metrics')).then((r) => r.text());
  const line = text.split('\n').find((l) => l.startsWith('cache_requests_total{cache="response",result="hit"}'));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

describe('popularProducts', () => {
  it('after a burst of paid, cancelled, republished and out-of-order events equals a GROUP BY of the events', async () => {
    const catalog = await products(12);
    const now = pinClock('2099-03-15T12:00:00.000Z');
    const random = (n: number) => Math.floor(Math.random() * n);
    const sales: Sale[] = [];
    for (let i = 0; i < 400; i++) {
      const picked = new Set(Array.from({ length: 1 + random(3) }, () => catalog[random(catalog.length)]));
      const lines = [...picked].map((p) => ({ productId: p.id, quantity: 1 + random(5), unitPrice: p.price }));
      sales.push(paidSale(lines, at(now, random(10), random(24))));
    }
    const cancelled = new Set<string>();
    const cancels = sales.filter(() => Math.random() < 0.15).map((sale) => {
      cancelled.add(sale.orderId);
      return cancelPaid(sale, new Date(sale.paidAt.getTime() + 3_600_000 * (1 + random(72))));
    });
    const pendingCancels = Array.from({ length: 20 }, () => cancelPending([{ productId: catalog[0].id, quantity: 100, unitPrice: 1 }], at(now, 0)));
    // Shuffled: a cancellation may reach the projector before its payment.
    const events = [...sales.map((s) => s.paid), ...cancels, ...pendingCancels].sort(() => Math.random() - 0.5);
    await appendToOutboxRows(app.services.pool, events);
    // Republished under new message ids (JetStream cannot dedupe them) while the first copies flow.
    await republish(nc, app.services.config.natsStream, events.filter(() => Math.random() < 0.3));
    await projected();
    // And once more after everything was applied, plus a relay re-publish of outbox rows.
    await republish(nc, app.services.config.natsStream, events.filter(() => Math.random() < 0.2));
    await app.services.pool.query('update outbox set published_at = null where id = any($1::uuid[])', [events.slice(0, 50).map((e) => e.id)]);
    await app.services.pool.query("select pg_notify('outbox', '')");
    await projected();

    for (const days of [1, 3, 7, 10]) {
      const window = rankingWindow(now, days);
      const current = rank(expectedSales(sales, cancelled, window.firstDay, window.lastDay));
      const previous = rank(expectedSales(sales, cancelled, window.previousFirstDay, window.previousLastDay));
      const answer = await eventually(async () => {
        const p = await popular(days, 50);
        return p.totalOrders === expectedSales(sales, cancelled, window.firstDay, window.lastDay).orders ? p : undefined;
      }, 10_000, `days=${days} ranking`);
      expect(answer.from).toBe(window.from.toISOString());
      expect(answer.to).toBe(window.to.toISOString());
      expect(answer.items.map((i) => ({ rank: i.rank, productId: i.product.id, sold: i.soldQuantity, revenue: i.revenue, previousRank: i.previousRank })))
        .toEqual(current.map((c) => ({
          rank: c.rank, productId: c.productId, sold: c.sold, revenue: c.revenue,
          previousRank: previous.find((p) => p.productId === c.productId)?.rank ?? null,
        })));
    }

    // The same from SQL over the events as they sit in the outbox (each event once).
    const window = rankingWindow(now, 3);
    const { rows } = await app.services.pool.query(
      `with sales as (
         select (e.event->'data'->>'paidAt')::timestamptz at time zone 'UTC' as paid,
           case e.event->>'type' when 'OrderPaid' then 1 else -1 end as sign, e.event->'data'->'items' as items
         from outbox e
         where e.event->>'type' = 'OrderPaid' or (e.event->>'type' = 'OrderCancelled' and e.event->'data'->>'previousStatus' = 'PAID'))
       select i->>'productId' as "productId", sum(sign * (i->>'quantity')::int)::int as sold, sum(sign * (i->>'lineTotal')::int)::int as revenue
       from sales, jsonb_array_elements(items) i
       where paid::date between $1::date and $2::date
       group by 1 having sum(sign * (i->>'quantity')::int) > 0
       order by sold desc, revenue desc, "productId"`,
      [window.firstDay, window.lastDay],
    );
    const answer = await popular(3, 50);
    expect(answer.items.map((i) => ({ productId: i.product.id, sold: i.soldQuantity, revenue: i.revenue }))).toEqual(rows);
    // Idempotent per event: one processed_events row per counted event, none twice.
    const counted = await app.services.pool.query("select count(*)::int as n from processed_events where projection = 'popular' and event_id = any($1::uuid[])", [events.map((e) => e.id)]);
    expect(counted.rows[0].n).toBe(sales.length + cancels.length);
  });

  it('ranks ties by revenue then product id, and reports previousRank (null when new)', async () => {
    const [a, b, c, d, e, f, g] = await products(7);
    const now = pinClock('2098-06-20T08:00:00.000Z');
    const sale = (p: { id: string }, quantity: number, unitPrice: number, daysBack: number) =>
      paidSale([{ productId: p.id, quantity, unitPrice }], at(now, daysBack));
    const sales = [
      sale(a, 5, 100, 3), sale(b, 3, 100, 4), sale(c, 1, 100, 5), // previous window: A 1st, B 2nd, C 3rd
      sale(b, 10, 100, 0), sale(c, 8, 100, 1), sale(a, 2, 100, 2), sale(d, 1, 100, 0),
      sale(e, 4, 1_000, 0), sale(f, 4, 1_000, 1), sale(g, 4, 2_000, 2), // equal quantity: revenue, then id
    ];
    const refund = sale(d, 30, 100, 0); // paid, then cancelled: counts nowhere
    await appendToOutboxRows(app.services.pool, [...sales.map((s) => s.paid), refund.paid, cancelPaid(refund, now)]);
    await projected();

    const [first, second] = e.id < f.id ? [e, f] : [f, e];
    const expected = [
      { id: b.id, rank: 1, soldQuantity: 10, revenue: 1_000, previousRank: 2 },
      { id: c.id, rank: 2, soldQuantity: 8, revenue: 800, previousRank: 3 },
      { id: g.id, rank: 3, soldQuantity: 4, revenue: 8_000, previousRank: null },
      { id: first.id, rank: 4, soldQuantity: 4, revenue: 4_000, previousRank: null },
      { id: second.id, rank: 5, soldQuantity: 4, revenue: 4_000, previousRank: null },
      { id: a.id, rank: 6, soldQuantity: 2, revenue: 200, previousRank: 1 },
      { id: d.id, rank: 7, soldQuantity: 1, revenue: 100, previousRank: null },
    ];
    const shape = (p: Awaited<ReturnType<typeof popular>>) =>
      p.items.map((i) => ({ id: i.product.id, rank: i.rank, soldQuantity: i.soldQuantity, revenue: i.revenue, previousRank: i.previousRank }));
    const full = await eventually(async () => {
      const p = await popular(3, 10);
      return p.items.length === 7 ? p : undefined;
    });
    expect(shape(full)).toEqual(expected);
    expect(full.totalOrders).toBe(7);
    expect(full.days).toBe(3);
    expect(shape(await popular(3, 3))).toEqual(expected.slice(0, 3));
    expect(shape(await popular())).toEqual(expected.slice(0, 5)); // defaults: 3 days, 5 items
    expect(shape(await popular(null, null))).toEqual(expected.slice(0, 5)); // explicit null = default
    const one = await popular(1, 10); // today only: B 10, E 4, D 1 (D's 30 were refunded)
    expect(one.items.map((i) => [i.product.id, i.rank, i.previousRank])).toEqual([[b.id, 1, null], [e.id, 2, null], [d.id, 3, null]]);
    expect(one.totalOrders).toBe(3);
  });

  it('rejects days outside 1–30 and limit outside 1–50 with BAD_USER_INPUT naming the argument', async () => {
    for (const [days, limit, field] of [[0, 5, 'days'], [31, 5, 'days'], [-1, 5, 'days'], [3, 0, 'limit'], [3, 51, 'limit']] as const) {
      const res = await app.gql(PopularProductsDocument, { days, limit });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: [field] });
      expect(res.errors?.[0].message).toContain(field);
    }
    const edges = await app.gql(PopularProductsDocument, { days: 30, limit: 50 });
    expect(edges.errors).toBeUndefined();
  });

  it('serves repeated reads from the response cache and never serves a ranking older than the projector’s last change', async () => {
    const [p, q] = await products(2);
    const now = pinClock('2097-01-10T10:00:00.000Z');
    await appendToOutboxRows(app.services.pool, [paidSale([{ productId: p.id, quantity: 5, unitPrice: 100 }], now).paid]);
    await projected();
    await eventually(async () => (await popular()).items.length === 1);

    const before = await hits();
    const warm = await popular();
    expect(warm.items.map((i) => i.product.id)).toEqual([p.id]);
    for (let i = 0; i < 5; i++) expect(await popular()).toEqual(warm);
    expect(await hits()).toBeGreaterThanOrEqual(before + 5);
    // A signed-in shopper gets the same public answer (from the cache too).
    const shopper = await signUpCustomer(app);
    expect(await popular(undefined, undefined, shopper.token)).toEqual(warm);

    // Q outsells P. Once the projector has bumped the generation, no read may show the old ranking.
    const generation = await redis.get(POPULAR_GENERATION_KEY);
    await appendToOutboxRows(app.services.pool, [paidSale([{ productId: q.id, quantity: 9, unitPrice: 100 }], now).paid]);
    let stale = 0;
    await eventually(async () => {
      const bumped = (await redis.get(POPULAR_GENERATION_KEY)) !== generation;
      const read = await popular();
      if (read.items[0].product.id !== q.id) {
        if (bumped) stale += 1;
        return false;
      }
      return true;
    }, 15_000, 'new ranking visible');
    expect(stale).toBe(0);
    const reads = await Promise.all(Array.from({ length: 30 }, () => popular()));
    expect(reads.every((r) => r.items.map((i) => i.product.id).join() === `${q.id},${p.id}`)).toBe(true);
    expect(reads[0].totalOrders).toBe(2);

    // Product fields inside the cached answer follow the catalog too (stock, name).
    await app.ok(RestockProductDocument, { input: { productId: q.id, quantity: 7 } }, admin);
    await app.ok(UpdateProductDocument, { input: { id: q.id, expectedVersion: 1, name: 'Renamed best seller' } }, admin);
    const renamed = await eventually(async () => {
      const read = await popular();
      return read.items[0].product.name === 'Renamed best seller' && read.items[0].product.stock === 57 ? read : undefined;
    }, 15_000, 'product change visible in the ranking');
    expect(renamed.items[0].product).toMatchObject({ id: q.id, stock: 57 });
  });

  it('only caches allowlisted public root fields: a query that also asks for `me` runs through Apollo every time', async () => {
    pinClock('2097-01-10T10:00:00.000Z');
    const shopper = await signUpCustomer(app);
    const query = `query Mixed { popularProducts { totalOrders } me { id email } }`;
    const send = () => fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${shopper.token}` },
      body: JSON.stringify({ query }),
    }).then((r) => r.json() as Promise<{ data: { me: { id: string; email: string } } }>);
    const before = await hits();
    for (let i = 0; i < 3; i++) expect((await send()).data.me).toEqual({ id: shopper.id, email: shopper.email });
    expect(await hits()).toBe(before);
    // Introspection and mutations are never candidates either.
    const schemaQuery = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) }).then((r) => r.json() as Promise<{ data: { __schema: { queryType: { name: string } } } }>);
    expect(schemaQuery.data.__schema.queryType.name).toBe('Query');
    expect(await hits()).toBe(before);
    // A body that is not JSON is still answered as express.json + server.ts answer it.
    const broken = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ popularProducts' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    // Same document with other whitespace, variables in another order: one normalized entry (served, not re-executed, here).
    const text = print(PopularProductsDocument);
    await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text, variables: { days: 3, limit: 5 } }) });
    const spaced = await fetch(app.url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: text.replace(/\n/g, '\n\n  '), variables: { limit: 5, days: 3 } }),
    });
    expect(spaced.status).toBe(200);
    expect(await hits()).toBeGreaterThan(before);
  });
});

describe('response cache across API processes', () => {
  it('an API-only process never serves its cached ranking after another process’s projector bumped the generation', async () => {
    const api = await spawnApp({ ROLES: 'api' });
    try {
      const [x] = await products(1);
      const read = () => fetch(api.url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: print(PopularProductsDocument), variables: { days: 1, limit: 50 } }),
      }).then((r) => r.json() as Promise<{ data: { popularProducts: { items: Array<{ product: { id: string }; soldQuantity: number }> } } }>);
      const before = await read();
      expect(before.data.popularProducts.items.some((i) => i.product.id === x.id)).toBe(false);
      await read(); // now cached in that process
      const generation = await redis.get(POPULAR_GENERATION_KEY);
      await appendToOutboxRows(app.services.pool, [paidSale([{ productId: x.id, quantity: 1_000_000, unitPrice: 1 }], new Date()).paid]);
      let stale = 0;
      await eventually(async () => {
        const bumped = (await redis.get(POPULAR_GENERATION_KEY)) !== generation;
        const top = (await read()).data.popularProducts.items[0];
        if (top?.product.id === x.id && top.soldQuantity === 1_000_000) return true;
        if (bumped) stale += 1;
        return false;
      }, 15_000, 'the other process sees the new ranking');
      expect(stale).toBe(0);
    } finally {
      await api.stop();
    }
  });
});

describe('recommendedProducts', () => {
  it('in-stock best sellers of the category, then unsold in-stock ones, never the product itself', async () => {
    const category = `reco-${randomUUID()}`;
    const [target, sold5, sold9, unsoldOld, soldOut, unsoldNew] = await products(6, { category, stocks: [5, 5, 5, 5, 0, 5] });
    const elsewhere = (await products(1))[0];
    const [x, y, z] = await products(3);
    const now = pinClock('2096-05-05T09:00:00.000Z');
    await appendToOutboxRows(app.services.pool, [
      paidSale([{ productId: sold5.id, quantity: 5, unitPrice: 10 }], now).paid,
      paidSale([{ productId: sold9.id, quantity: 9, unitPrice: 10 }], at(now, 3)).paid,
      paidSale([{ productId: soldOut.id, quantity: 50, unitPrice: 10 }], now).paid,
      paidSale([{ productId: target.id, quantity: 70, unitPrice: 10 }], now).paid,
      paidSale([{ productId: elsewhere.id, quantity: 90, unitPrice: 10 }], now).paid,
    ]);
    await projected();
    const ids = (res: { recommendedProducts: Array<{ id: string }> }) => res.recommendedProducts.map((p) => p.id);
    const reco = await eventually(async () => {
      const r = await app.ok(RecommendedProductsDocument, { productId: target.id, limit: 10 });
      return ids(r)[0] === sold9.id ? r : undefined;
    });
    expect(ids(reco)).toEqual([sold9.id, sold5.id, unsoldNew.id, unsoldOld.id]);
    expect(ids(await app.ok(RecommendedProductsDocument, { productId: target.id, limit: 2 }))).toEqual([sold9.id, sold5.id]);
    expect(ids(await app.ok(RecommendedProductsDocument, { productId: target.id }))).toHaveLength(4);
    // No sales in a category at all: the other in-stock products, newest first.
    expect(ids(await app.ok(RecommendedProductsDocument, { productId: x.id }))).toEqual([z.id, y.id]);
    expect((await app.ok(RecommendedProductsDocument, { productId: '0190aaaa-0000-7000-8000-000000000000' })).recommendedProducts).toEqual([]);
    const bad = await app.gql(RecommendedProductsDocument, { productId: 'nope' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['productId'] });
    const badLimit = await app.gql(RecommendedProductsDocument, { productId: x.id, limit: 51 });
    expect(badLimit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['limit'] });
  });
});

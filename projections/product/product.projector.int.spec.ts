import type { PoolClient } from 'pg';
import { startTestApp, type TestApp } from '../../test/support/test-app';
import { makeEvent, type DomainEvent } from '../../src/shared/event';
import { newId } from '../../src/shared/ids';
import { ProductProjection } from './product.projector';
import { PRODUCTS_GENERATION_KEY, productKey } from './product.cache';

/** Events of a few products as the catalog writes them: product versions and stock versions. */
function history(productIds: string[]): DomainEvent[] {
  const events: DomainEvent[] = [];
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (const [n, id] of productIds.entries()) {
    for (let v = 1; v <= 3; v++) {
      const at = new Date(t0 + v * 1000);
      events.push(makeEvent(v === 1 ? 'ProductCreated' : 'ProductUpdated', { type: 'Product', id, version: v }, at, {
        name: `p${n} v${v}`, description: `d${v}`, category: `c${n}`, price: 1000 * v,
        createdAt: new Date(t0).toISOString(), updatedAt: at.toISOString(), ...(v > 1 ? { changed: ['name'] } : {}),
      }));
    }
    for (let v = 1; v <= 5; v++) {
      events.push(makeEvent('StockChanged', { type: 'Stock', id, version: v }, new Date(t0 + v * 500), {
        productId: id, available: 10 * v + n, delta: 10, reason: 'RESTOCKED',
      }));
    }
  }
  return events;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('ProductProjection.applyBatch', () => {
  let app: TestApp;
  let tx: PoolClient;
  let projection: ProductProjection;
  const ids = [newId(), newId(), newId()];

  const rows = async () => (await tx.query(
    `select id, name, description, category, price, stock, version, stock_version, created_at, updated_at
     from product_read where id = any($1::uuid[]) order by id`, [ids],
  )).rows;

  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'relay' });
    projection = new ProductProjection(app.services.pool, app.services.cache);
    tx = await app.services.pool.connect();
    await tx.query('begin');
  });

  afterAll(async () => {
    await tx.query('rollback');
    tx.release();
    await app.stop();
  });

  it('ends where applying the events one at a time ends, whatever their order and duplicates', async () => {
    const events = history(ids);
    for (const event of events) await projection.apply(tx, event);
    const expected = await rows();
    expect(expected.map((r) => [r.version, r.stock_version])).toEqual(ids.map(() => [3, 5]));

    for (const seed of [1, 2, 3]) {
      await tx.query('delete from product_read where id = any($1::uuid[])', [ids]);
      const batch = shuffled([...events, ...events.slice(0, 7)], seed); // redelivered ones too
      await projection.applyBatch(tx, batch.slice(0, 9));
      await projection.applyBatch(tx, batch.slice(9));
      expect(await rows()).toEqual(expected);
    }
  });

  it('changes nothing when an older or repeated batch arrives after a newer one', async () => {
    const before = await rows();
    const events = history(ids);
    await projection.applyBatch(tx, events.filter((e) => e.aggregateVersion < 3));
    await projection.applyBatch(tx, events);
    expect(await rows()).toEqual(before);
  });

  it('keeps a stock-only placeholder invisible until its product event fills it in', async () => {
    const id = newId();
    ids.push(id);
    const [created, , , stock1] = history([id]);
    await projection.applyBatch(tx, [stock1]);
    const placeholder = (await rows()).find((r) => r.id === id);
    expect(placeholder).toMatchObject({ version: 0, stock: 10, stock_version: 1 });
    await projection.applyBatch(tx, [created]);
    expect((await rows()).find((r) => r.id === id)).toMatchObject({ version: 1, name: 'p0 v1', stock: 10, stock_version: 1 });
  });
});

describe('ProductProjection.resetCache', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'relay' });
  });
  afterAll(() => app.stop());

  it('deletes every cached product across several SCAN pages, leaves other keys and bumps the generation', async () => {
    const { redis } = app.services.cache;
    const products = Array.from({ length: 2_500 }, () => productKey(newId()));
    const other = `not-a-product:${newId()}`;
    for (let i = 0; i < products.length; i += 500) {
      await redis.mset(...products.slice(i, i + 500).flatMap((key) => [key, '{}']));
    }
    await redis.set(other, 'kept');
    const generation = Number((await redis.get(PRODUCTS_GENERATION_KEY)) ?? 0);

    await new ProductProjection(app.services.pool, app.services.cache).resetCache();

    expect(await redis.exists(...products)).toBe(0);
    expect(await redis.get(other)).toBe('kept');
    expect(Number(await redis.get(PRODUCTS_GENERATION_KEY))).toBe(generation + 1);
    await redis.del(other);
  });
});

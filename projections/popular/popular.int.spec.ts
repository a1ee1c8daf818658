import type { Pool } from 'pg';
import { newId } from '../../src/shared/ids';
import { PgTransactions } from '../../src/shared/tx';
import type { DomainEvent } from '../../src/shared/event';
import { startTestApp, type TestApp } from '../../test/support/test-app';
import { cancelPaid, cancelPending, paidSale } from '../../test/support/sales';
import { PopularProjection, type PopularChanges } from './popular.projector';

let app: TestApp;
let pool: Pool;
let projection: PopularProjection;

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' }); // migrated database; no projector of its own here
  pool = app.services.pool;
  projection = new PopularProjection(pool, app.services.cache);
});
afterAll(() => app.stop());

function applyInTransaction(events: DomainEvent[]): Promise<PopularChanges> {
  return new PgTransactions(pool).withTransaction((tx) => projection.applyBatch(tx, events));
}

const buckets = async (productIds: string[]) => {
  const { rows } = await pool.query(
    `select product_id as "productId", day::text as day, sold_quantity as sold, revenue::int as revenue
     from popular_daily where product_id = any($1::uuid[]) order by day, product_id`,
    [productIds],
  );
  return rows;
};
const shuffle = <T>(list: T[]) => [...list].sort(() => Math.random() - 0.5);

describe('PopularProjection.applyBatch', () => {
  it('counts each event once when projector processes race over overlapping batches in different orders', async () => {
    const products = Array.from({ length: 6 }, () => newId());
    const days = ['2090-01-01', '2090-01-02', '2090-01-03'];
    const sales = Array.from({ length: 60 }, (_, i) => paidSale(
      [products[i % 6], products[(i * 7 + 1) % 6]].filter((p, j, all) => all.indexOf(p) === j)
        .map((productId, j) => ({ productId, quantity: 1 + ((i + j) % 4), unitPrice: 100 })),
      new Date(`${days[i % 3]}T0${i % 10}:00:00.000Z`),
    ));
    const events = [...sales.map((s) => s.paid), ...sales.slice(0, 10).map((s) => cancelPaid(s, new Date('2090-02-01T00:00:00Z')))];
    // Four "processes", each applying random halves of the events (duplicates inside a batch too), five rounds.
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 4 }, () => {
        const batch = shuffle(events).slice(0, 40);
        return applyInTransaction([...batch, ...batch.slice(0, 5)]);
      }));
    }
    await applyInTransaction(events); // whatever no round picked

    const expected = new Map<string, { productId: string; day: string; sold: number; revenue: number }>();
    sales.forEach((sale, i) => {
      const sign = i < 10 ? 0 : 1; // the first ten were cancelled after payment
      for (const line of sale.lines) {
        const day = sale.paidAt.toISOString().slice(0, 10);
        const row = expected.get(`${day}|${line.productId}`) ?? { productId: line.productId, day, sold: 0, revenue: 0 };
        row.sold += sign * line.quantity;
        row.revenue += sign * line.quantity * line.unitPrice;
        expected.set(`${day}|${line.productId}`, row);
      }
    });
    const want = [...expected.values()].sort((a, b) => (a.day === b.day ? (a.productId < b.productId ? -1 : 1) : a.day < b.day ? -1 : 1));
    expect(await buckets(products)).toEqual(want);
    const orders = await pool.query("select day::text as day, paid_orders as n from popular_orders_daily where day between '2090-01-01' and '2090-01-03' order by day");
    expect(orders.rows).toEqual(days.map((day, d) => ({ day, n: sales.filter((s, i) => i >= 10 && i % 3 === d).length })));
  });

  it('subtracts a refund from the day of payment, even when the cancellation arrives first; ignores unpaid cancellations', async () => {
    const product = newId();
    const sale = paidSale([{ productId: product, quantity: 4, unitPrice: 250 }], new Date('2091-05-01T23:59:00Z'));
    const other = paidSale([{ productId: product, quantity: 1, unitPrice: 250 }], new Date('2091-05-02T00:01:00Z'));
    await applyInTransaction([cancelPaid(sale, new Date('2091-05-09T10:00:00Z'))]);
    expect(await buckets([product])).toEqual([{ productId: product, day: '2091-05-01', sold: -4, revenue: -1000 }]);
    await applyInTransaction([sale.paid, other.paid, cancelPending([{ productId: product, quantity: 50, unitPrice: 1 }], new Date('2091-05-02T00:00:00Z'))]);
    expect(await buckets([product])).toEqual([
      { productId: product, day: '2091-05-01', sold: 0, revenue: 0 },
      { productId: product, day: '2091-05-02', sold: 1, revenue: 250 },
    ]);
  });

  it('rejects a malformed sale, writing nothing (the runner then retries and parks it)', async () => {
    const product = newId();
    const good = paidSale([{ productId: product, quantity: 1, unitPrice: 1 }], new Date('2092-01-01T00:00:00Z')).paid;
    const bad = { ...paidSale([{ productId: product, quantity: 1, unitPrice: 1 }], new Date('2092-01-01T00:00:00Z')).paid };
    bad.data = { ...(bad.data as object), paidAt: 'yesterday' };
    await expect(applyInTransaction([good, bad])).rejects.toThrow(/paidAt/);
    expect(await buckets([product])).toEqual([]);
    const processed = await pool.query("select count(*)::int as n from processed_events where projection = 'popular' and event_id = $1", [good.id]);
    expect(processed.rows[0].n).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  CancelOrderDocument, ChargePointsDocument, CheckoutDocument, PayOrderDocument, PlaceOrderDocument, PopularProductsDocument,
} from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { popularProjected, republish } from '../support/sales';
import { systemClock } from '../../src/shared/clock';
import type { DomainEvent } from '../../src/shared/event';
import { rankingWindow } from '../../projections/popular/popular.window';

let app: TestApp;
let nc: NatsConnection;

beforeAll(async () => {
  app = await startTestApp();
  nc = await connect({ servers: app.services.config.natsUrl });
});
afterAll(async () => {
  app.services.clock = systemClock;
  await nc?.close();
  await app?.stop();
});

const projected = () => popularProjected(app.services.pool, nc, app.services.config.natsStream);

/** The write model's answer: PAID orders (cancelled ones are no longer PAID) paid inside [from, to). */
async function groupByOrders(from: Date, to: Date) {
  const ranking = await app.services.pool.query(
    `select oi.product_id as "productId", sum(oi.quantity)::int as sold, sum(oi.line_total)::int as revenue
     from orders o join order_items oi on oi.order_id = o.id
     where o.status = 'PAID' and o.paid_at >= $1 and o.paid_at < $2
     group by oi.product_id order by sold desc, revenue desc, oi.product_id`,
    [from, to],
  );
  const orders = await app.services.pool.query(
    `select count(*)::int as n from orders where status = 'PAID' and paid_at >= $1 and paid_at < $2`, [from, to],
  );
  return { items: ranking.rows.map((r, i) => ({ ...r, rank: i + 1 })), totalOrders: orders.rows[0].n as number };
}

it('ranking after concurrent checkouts, payments, refunds and republished events equals a GROUP BY over orders/order_items', async () => {
  const admin = await adminToken(app);
  const category = `orders-${randomUUID()}`;
  const catalog: Array<{ id: string }> = [];
  for (let i = 0; i < 5; i++) catalog.push(await createProduct(app, admin, { name: `O${i}`, category, price: 1_000 * (i + 1), stock: 1_000 }));
  const shoppers = await Promise.all(Array.from({ length: 12 }, (_, i) => signUpCustomer(app, `Ranker${i}`)));
  await Promise.all(shoppers.map((s) => app.ok(ChargePointsDocument, { input: { amount: 1_000_000, idempotencyKey: randomUUID() } }, s.token)));
  await eventually(async () => (await app.services.pool.query('select count(*)::int as n from product_read where category = $1 and version > 0', [category])).rows[0].n === 5);

  const random = (n: number) => Math.floor(Math.random() * n);
  const basket = () => [...new Set(Array.from({ length: 1 + random(3) }, () => catalog[random(5)].id))].map((productId) => ({ productId, quantity: 1 + random(4) }));
  const base = Date.parse('2094-07-07T06:00:00.000Z');
  // Three days of trading; each day every shopper races a few orders at once.
  for (let day = 0; day < 3; day++) {
    const now = new Date(base + day * 86_400_000);
    app.services.clock = { now: () => now };
    await Promise.all(shoppers.map(async (s) => {
      for (let k = 0; k < 3; k++) {
        const kind = random(4);
        if (kind <= 1) {
          const { checkout } = await app.ok(CheckoutDocument, { input: { items: basket(), idempotencyKey: randomUUID() } }, s.token);
          if (kind === 1 && checkout.order) await app.ok(CancelOrderDocument, { input: { orderId: checkout.order.id } }, s.token); // refund after payment
        } else {
          const { placeOrder } = await app.ok(PlaceOrderDocument, { input: { items: basket(), idempotencyKey: randomUUID() } }, s.token);
          if (!placeOrder.order) continue;
          if (kind === 2) await app.ok(PayOrderDocument, { input: { orderId: placeOrder.order.id, idempotencyKey: randomUUID() } }, s.token);
          else await app.ok(CancelOrderDocument, { input: { orderId: placeOrder.order.id } }, s.token); // never paid
        }
      }
    }));
  }
  const paid = await app.services.pool.query("select count(*)::int as n from orders where status = 'PAID'");
  const refunded = await app.services.pool.query("select count(*)::int as n from orders where status = 'CANCELLED' and paid_at is not null");
  expect(paid.rows[0].n).toBeGreaterThan(0);
  expect(refunded.rows[0].n).toBeGreaterThan(0);

  await projected();
  // Every OrderPaid / OrderCancelled again, under new message ids: must change nothing.
  const { rows } = await app.services.pool.query<{ event: DomainEvent }>("select event from outbox where event->>'type' in ('OrderPaid', 'OrderCancelled')");
  await republish(nc, app.services.config.natsStream, rows.map((r) => r.event));
  await projected();

  const now = new Date(base + 2 * 86_400_000);
  app.services.clock = { now: () => now };
  for (const days of [1, 2, 3]) {
    const window = rankingWindow(now, days);
    const truth = await groupByOrders(window.from, window.to);
    const previous = await groupByOrders(new Date(`${window.previousFirstDay}T00:00:00.000Z`), window.from);
    const { popularProducts } = await app.ok(PopularProductsDocument, { days, limit: 50 });
    expect(popularProducts.totalOrders).toBe(truth.totalOrders);
    expect(popularProducts.items.map((i) => ({ productId: i.product.id, sold: i.soldQuantity, revenue: i.revenue, rank: i.rank, previousRank: i.previousRank })))
      .toEqual(truth.items.map((t) => ({ ...t, previousRank: previous.items.find((p) => p.productId === t.productId)?.rank ?? null })));
  }
});

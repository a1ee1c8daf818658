import type { Client } from 'graphql-ws';
import {
  CancelOrderDocument, OrderStatusChangedDocument, PayOrderDocument, ProductDocument, WalletBalanceDocument,
  type OrderStatusChangedSubscription,
} from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { NO_RATE_LIMITS, charge, key, placeOne } from '../support/shopper';
import { subscribe, wsClient } from '../support/ws-client';
import { startMockDataPlatform, type MockDataPlatform } from '../../scripts/mock-data-platform';

/**
 * The "done when" path through the real commands: `app` runs every role in this
 * process; `reader` is a separate API-only Node process where the subscriber listens, so the
 * status changes reach it through NATS only.
 */
const EXPORT_TIMEOUT_MS = 5_000;
let mock: MockDataPlatform;
let app: TestApp;
let reader: SpawnedApp;
let admin: string;
const clients: Client[] = [];

beforeAll(async () => {
  mock = await startMockDataPlatform(0);
  const env = { ...NO_RATE_LIMITS, DATA_PLATFORM_URL: mock.url, DATA_PLATFORM_TIMEOUT_MS: String(EXPORT_TIMEOUT_MS), DATA_PLATFORM_RETRY_BASE_MS: '100' };
  // An explicit port in this sandbox's range (SPAWN_PORT_BASE … +999).
  const port = Number(process.env.SPAWN_PORT_BASE ?? 15_000) + 500 + (process.pid % 400);
  [app, reader] = await Promise.all([startTestApp(env), spawnApp({ ...env, ROLES: 'api', PORT: String(port) })]);
  admin = await adminToken(app);
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await reader?.stop();
  await app?.stop();
  await mock?.stop();
});
beforeEach(() => mock.reset());

const deliveriesFor = (orderId: string) => mock.received().filter((r) => (r.body as { order: { id: string } }).order.id === orderId);
const statuses = (values: OrderStatusChangedSubscription[]) =>
  values.map(({ orderStatusChanged: c }) => `${c.previousStatus ?? '∅'}→${c.status}`);

describe("the shopper's path, live status and export", () => {
  it('charge 50,000, order a 25,000 product, pay: balance 25,000, stock one lower, PENDING → PAID seen on another process, platform got it once', async () => {
    const product = await createProduct(app, admin, { price: 25_000, stock: 10 });
    const shopper = await signUpCustomer(app);
    expect((await charge(app, shopper.token, 50_000)).balance).toBe(50_000);
    const order = await placeOne(app, shopper.token, product.id);
    expect(order).toMatchObject({ status: 'PENDING', total: 25_000 });

    const client = wsClient(reader.url, shopper.token);
    clients.push(client);
    const live = subscribe(client, OrderStatusChangedDocument, { orderId: order.id });
    await live.waitFor(1);

    const { payOrder } = await app.ok(PayOrderDocument, { input: { orderId: order.id, idempotencyKey: key() } }, shopper.token);
    expect(payOrder.userErrors).toEqual([]);
    expect(payOrder.order?.status).toBe('PAID');
    await live.waitFor(2);
    expect(statuses(live.values)).toEqual(['∅→PENDING', 'PENDING→PAID']);
    expect(live.values[1].orderStatusChanged).toMatchObject({ orderId: order.id, version: payOrder.order!.version });

    const { wallet } = await app.ok(WalletBalanceDocument, {}, shopper.token);
    expect(wallet.balance).toBe(25_000);
    await eventually(() => app.ok(ProductDocument, { id: product.id }).then((d) => d.product?.stock === 9 || undefined), 10_000, 'stock 9 in the read model');

    const [delivery] = await eventually(async () => (deliveriesFor(order.id).length ? deliveriesFor(order.id) : undefined), 10_000, 'export');
    expect(delivery.body).toMatchObject({
      eventType: 'OrderPaid', order: { id: order.id, userId: shopper.id, status: 'PAID', amount: 25_000, paymentId: payOrder.payment!.id },
    });
    expect(mock.requestsFor(delivery.idempotencyKey)).toBe(1);

    // A refund is a status change too; it is not exported again (only OrderPaid is).
    const { cancelOrder } = await app.ok(CancelOrderDocument, { input: { orderId: order.id } }, shopper.token);
    expect(cancelOrder.order?.status).toBe('CANCELLED');
    await live.waitFor(3);
    expect(statuses(live.values)).toEqual(['∅→PENDING', 'PENDING→PAID', 'PAID→CANCELLED']);
    expect(deliveriesFor(order.id)).toHaveLength(1);
    expect(mock.requestsFor(delivery.idempotencyKey)).toBe(1);
  });

  it('a platform that does not answer neither slows nor fails payments; the orders arrive once it is back', async () => {
    mock.setMode('hang');
    const product = await createProduct(app, admin, { price: 1_000, stock: 50 });
    const shopper = await signUpCustomer(app);
    await charge(app, shopper.token, 10_000);
    const orders: Array<{ id: string }> = [];
    for (let i = 0; i < 5; i++) orders.push(await placeOne(app, shopper.token, product.id));

    const took: number[] = [];
    for (const order of orders) {
      const started = Date.now();
      const { payOrder } = await app.ok(PayOrderDocument, { input: { orderId: order.id, idempotencyKey: key() } }, shopper.token);
      took.push(Date.now() - started);
      expect(payOrder.order?.status).toBe('PAID');
    }
    // Coupled to the export, each payment would wait for the platform's timeout at least.
    expect(Math.max(...took)).toBeLessThan(EXPORT_TIMEOUT_MS);
    const { rows } = await app.services.pool.query<{ id: string }>(
      `select id from outbox where subject = 'Order.OrderPaid' and event->>'aggregateId' = any($1)`, [orders.map((o) => o.id)]);
    expect(rows).toHaveLength(orders.length);
    // The exporter is calling the platform for every one of them, and getting no answer.
    await eventually(async () => rows.every((r) => mock.requestsFor(r.id) >= 1) || undefined, 10_000, 'exporter calling the hung platform');
    expect(orders.filter((o) => deliveriesFor(o.id).length > 0)).toEqual([]);

    mock.setMode('never');
    await eventually(async () => orders.every((o) => deliveriesFor(o.id).length === 1) || undefined, 20_000, 'all exported after recovery');
    for (const order of orders) expect(deliveriesFor(order.id)).toHaveLength(1);
  });
});

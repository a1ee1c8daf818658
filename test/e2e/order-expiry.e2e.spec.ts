import { CancelOrderDocument, OrderDocument, PayOrderDocument, ProductDocument } from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { NO_RATE_LIMITS, charge, key, placeOne } from '../support/shopper';
import { OrderExpiryWorker } from '../../src/modules/ordering/expiry/order-expiry.worker';
import { createLogger } from '../../src/infrastructure/logger';
import { newId } from '../../src/shared/ids';
import { chargePoints } from '../../src/modules/wallet/commands/charge-points/charge-points.handler';
import { placeOrder } from '../../src/modules/ordering/commands/place-order/place-order.handler';
import { orderingDeps } from '../../src/modules/ordering/ordering.deps';
import { walletDeps } from '../../src/modules/wallet/wallet.deps';

/** Orders held for 1 second; the app's worker role expires them. */
let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await startTestApp({ ...NO_RATE_LIMITS, ORDER_HOLD_SECONDS: '1' });
  admin = await adminToken(app);
});
afterAll(() => app.stop());

const db = <T = any>(sql: string, params: unknown[] = []) => app.services.pool.query(sql, params).then((r) => r.rows as T[]);
const stockOf = (productId: string) => db<{ available: number }>('select available from stock where product_id = $1', [productId]).then((r) => r[0].available);

describe('order expiry', () => {
  it('an unpaid order expires within a few seconds: hold released, read model follows, it can no longer be paid or cancelled', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 1_000, stock: 5 });
    await charge(app, shopper.token, 10_000);
    const order = await placeOne(app, shopper.token, product.id, 2);
    expect(Date.parse(order.expiresAt) - Date.parse(order.createdAt)).toBe(1_000);
    expect(await stockOf(product.id)).toBe(3);

    const started = Date.now();
    const expired = await eventually(
      () => app.ok(OrderDocument, { id: order.id }, shopper.token).then((d) => (d.order?.status === 'EXPIRED' ? d.order : undefined)),
      6_000, 'order EXPIRED',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(expired).toMatchObject({ version: 2, paidAt: null, cancelledAt: null, payment: null });
    expect(await stockOf(product.id)).toBe(5);
    await eventually(() => app.ok(ProductDocument, { id: product.id }).then((d) => d.product?.stock === 5 || undefined), 10_000, 'read model stock 5');
    const events = await db<{ type: string }>(
      `select event->>'type' as type from outbox where event->>'aggregateId' = $1 order by seq`, [order.id]);
    expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderExpired']);
    const released = await db(
      `select event->'data'->>'delta' as delta from outbox where event->>'type' = 'StockChanged'
       and event->'data'->>'productId' = $1 and event->'data'->>'reason' = 'RELEASED'`, [product.id]);
    expect(released).toEqual([{ delta: '2' }]);

    const pay = await app.ok(PayOrderDocument, { input: { orderId: order.id, idempotencyKey: key() } }, shopper.token);
    expect(pay.payOrder.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_EXPIRED', field: ['input', 'orderId'] })]);
    const cancel = await app.ok(CancelOrderDocument, { input: { orderId: order.id } }, shopper.token);
    expect(cancel.cancelOrder.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_CANCELLABLE' })]);
    const wallet = await db('select balance from wallets where user_id = $1', [shopper.id]);
    expect(wallet).toEqual([{ balance: 10_000 }]);
  });

  it('a paid order does not expire', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 1_000, stock: 5 });
    await charge(app, shopper.token, 10_000);
    const order = await placeOne(app, shopper.token, product.id);
    const pay = await app.ok(PayOrderDocument, { input: { orderId: order.id, idempotencyKey: key() } }, shopper.token);
    expect(pay.payOrder.order?.status).toBe('PAID');
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await app.ok(OrderDocument, { id: order.id }, shopper.token)).order?.status).toBe('PAID');
    expect(await stockOf(product.id)).toBe(4);
  });

  it('many workers at once (plus the app\'s own) expire every overdue order exactly once', async () => {
    const product = await createProduct(app, admin, { price: 100, stock: 200 });
    // Placed through the handler with a long hold, then all made overdue at the same instant.
    const orders = (await Promise.all(Array.from({ length: 10 }, async () => {
      const userId = newId();
      await chargePoints(walletDeps(app.services.write), userId, { amount: 100_000, idempotencyKey: key() });
      const placed = [];
      for (let i = 0; i < 12; i++) {
        placed.push(await placeOrder(orderingDeps(app.services.write), 3_600, userId, { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() }));
      }
      return placed;
    }))).flat();
    const ids = orders.map((o) => o.id);
    expect(await stockOf(product.id)).toBe(200 - 120);
    await db(`update orders set expires_at = now() - interval '1 second' where id = any($1::uuid[])`, [ids]);

    const log = createLogger('error');
    const workers = Array.from({ length: 4 }, () => new OrderExpiryWorker(orderingDeps(app.services.write), log, { batch: 7 }));
    const expiredBy = await Promise.all(workers.map(async (w) => {
      let total = 0;
      for (let n = await w.expireDue(); n > 0; n = await w.expireDue()) total += n;
      return total;
    }));
    await eventually(async () => (await db(`select 1 from orders where id = any($1::uuid[]) and status <> 'EXPIRED'`, [ids])).length === 0);
    expect(expiredBy.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120);
    const perOrder = await db<{ n: number }>(
      `select count(*)::int as n from outbox where event->>'type' = 'OrderExpired' and event->>'aggregateId' = any($1::text[])
       group by event->>'aggregateId'`, [ids]);
    expect(perOrder).toHaveLength(120);
    expect(perOrder.every((r) => r.n === 1)).toBe(true);
    expect(await db(`select version from orders where id = any($1::uuid[]) group by version`, [ids])).toEqual([{ version: 2 }]);
    expect(await stockOf(product.id)).toBe(200);
  });
});

import { newId } from '../../../shared/ids';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { startMockPaymentGateway, type MockPaymentGateway } from '../../../../scripts/mock-payment-gateway';
import { deliveryDeps, type DeliveryDeps } from '../delivery.deps';
import { placeDeliveryOrder } from '../commands/place-delivery-order/place-delivery-order.handler';
import { retryDeliveryPayment } from '../commands/retry-delivery-payment/retry-delivery-payment.handler';
import { registerStore } from '../commands/register-store/register-store.handler';
import { addMenuItem } from '../commands/add-menu-item/add-menu-item.handler';
import { reconcilePayments } from '../workers/reconcile-payments';
import { paymentGuard } from './cockatiel-guard';
import { HttpPaymentGateway } from './http-payment-gateway';
import type { CallGuard } from './call-guard';

/**
 * halfOpenAfter 4 s: the 100 hanging calls of the first wave end over up to a second after the
 * breaker opened (their inserts queue for the spec's 16 connections on a busy box), and the wave
 * of 100 "at once" must still find it open (with 1 s it was half-open by then under load).
 */
const SETTINGS = { timeoutMs: 2_000, failures: 5, halfOpenAfterMs: 4_000, bulkhead: 300, bulkheadQueue: 0 };

/**
 * The breaker in front of the real stand-in gateway over HTTP, orders on real Postgres:
 * hanging gateway, late answers, declines (issue 10's "proven by tests").
 */
describe('card payments behind the circuit breaker (real gateway stand-in, real Postgres)', () => {
  let app: TestApp;
  let gateway: MockPaymentGateway;
  let guard: CallGuard;
  let deps: DeliveryDeps;
  let shop: { storeId: string; itemId: string };
  const merchant = newId();

  beforeAll(async () => {
    gateway = await startMockPaymentGateway(0);
    app = await startTestApp({ ROLES: 'api', DATABASE_POOL_MAX: '16' });
    const base = deliveryDeps(app.services.write, null as never);
    const store = await registerStore(base, merchant, {
      name: 'Match day', description: '', address: 'Stadium', location: { lat: 37.5663, lng: 126.9779 }, deliveryRadiusKm: 5, openingHours: [],
    });
    const item = await addMenuItem(base, merchant, { storeId: store.id, name: 'Fried chicken', description: '', price: 20_000, available: true });
    shop = { storeId: store.id, itemId: item.id };
  });
  beforeEach(async () => {
    // Orders a failed test left waiting would be the reconciler's too: out of the way.
    await app.services.pool.query(`update delivery_orders set status = 'CANCELLED' where status = 'AWAITING_PAYMENT'`);
    gateway.reset();
    guard = paymentGuard(SETTINGS);
    deps = deliveryDeps(app.services.write, new HttpPaymentGateway(gateway.url, guard));
  });
  afterAll(async () => {
    await app?.stop();
    await gateway?.stop();
  });

  const place = (customer = newId(), cardToken = 'tok_ok') => placeDeliveryOrder(deps, customer, {
    storeId: shop.storeId, items: [{ menuItemId: shop.itemId, quantity: 1 }], deliveryAddress: 'Gate 3', deliveryLocation: { lat: 37.57, lng: 126.98 },
    cardToken, idempotencyKey: newId(),
  }).then((answer) => ({ ...answer, customer }));
  const timed = async <T>(work: () => Promise<T>) => {
    const start = performance.now();
    const value = await work();
    return { value, ms: performance.now() - start };
  };
  const statuses = async (ids: string[]) =>
    (await app.services.pool.query<{ status: string; n: number }>('select status, count(*)::int as n from delivery_orders where id = any($1) group by status', [ids])).rows;

  it('gateway hanging: 100 orders answered within ~2.5 s, then at once with no gateway call; back: one probe, then every retry authorizes once', async () => {
    gateway.setMode('hang');
    const first = await Promise.all(Array.from({ length: 100 }, () => timed(() => place())));
    // The 2 s timeout, plus the 100 inserts sharing the spec's 16 connections: measured 2.5 s on a quiet
    // 2-core box, up to 3.0 s while other suites ran on it; the bound leaves room for that.
    expect(Math.max(...first.map((r) => r.ms))).toBeLessThan(SETTINGS.timeoutMs + 1_500);
    expect(first.every((r) => r.value.userErrors[0]?.code === 'PAYMENT_TEMPORARILY_UNAVAILABLE')).toBe(true);
    expect(guard.state()).toBe('open');

    const sentBefore = gateway.stats().authorizeRequests;
    // One after another: what is timed is each answer (its order's transaction and the breaker's
    // refusal), not a queue for the spec's 16 pooled connections. 99 of 100 within 100 ms: a box
    // shared with other suites (load 9 on 2 cores) stalls a single transaction now and then.
    const fast: Array<Awaited<ReturnType<typeof timed<Awaited<ReturnType<typeof place>>>>>> = [];
    for (let i = 0; i < 100; i += 1) fast.push(await timed(() => place()));
    expect(fast.map((r) => r.ms).sort((a, b) => a - b)[98]).toBeLessThan(100);
    expect(fast.every((r) => r.value.userErrors[0]?.code === 'PAYMENT_TEMPORARILY_UNAVAILABLE' && (r.value.retryAfterSeconds ?? 0) >= 1)).toBe(true);
    expect(gateway.stats().authorizeRequests).toBe(sentBefore);
    const all = [...first, ...fast].map((r) => r.value);
    expect(await statuses(all.map((a) => a.order.id))).toEqual([{ status: 'AWAITING_PAYMENT', n: 200 }]);

    // Back, and slow for the probe: while it is out, every other retry is refused at once.
    gateway.setMode('slow', { delayMs: 300, count: 1 });
    await new Promise((r) => setTimeout(r, SETTINGS.halfOpenAfterMs + 50));
    const sentAtProbe = gateway.stats().authorizeRequests;
    const racing = await Promise.all(all.slice(0, 21).map((a) => retryDeliveryPayment(deps, a.customer, { orderId: a.order.id })));
    // Whichever reached the breaker first was the probe.
    expect(racing.filter((r) => r.order.status === 'PAID')).toHaveLength(1);
    expect(racing.filter((r) => r.userErrors[0]?.code === 'PAYMENT_TEMPORARILY_UNAVAILABLE')).toHaveLength(20);
    expect(gateway.stats().authorizeRequests).toBe(sentAtProbe + 1);
    expect(guard.state()).toBe('closed');

    const retried = await Promise.all(all.map((a) => retryDeliveryPayment(deps, a.customer, { orderId: a.order.id })));
    expect(retried.every((r) => r.order.status === 'PAID')).toBe(true);
    expect(gateway.stats().authorizations).toBe(200);
    expect(new Set(gateway.authorizations().map((a) => a.reference)).size).toBe(200);
  });

  it('the gateway takes the charge and answers after the timeout, 200 orders: after the reconciler, exactly 200 authorizations, every order PAID', async () => {
    gateway.setMode('late', { delayMs: SETTINGS.timeoutMs + 500 });
    const placed = await Promise.all(Array.from({ length: 200 }, () => place()));
    expect(placed.every((p) => p.order.status === 'AWAITING_PAYMENT')).toBe(true);
    gateway.setMode('normal');
    const ids = placed.map((p) => p.order.id);
    const deadline = Date.now() + 30_000;
    // The reconciler's rounds (the worker runs them every 500 ms): lookups by key, never a new authorization.
    while (Date.now() < deadline && (await statuses(ids)).some((s) => s.status !== 'PAID')) {
      await reconcilePayments(deps, 500);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await statuses(ids)).toEqual([{ status: 'PAID', n: 200 }]);
    expect(gateway.stats().authorizations).toBe(200);
    expect(gateway.stats().authorizeRequests).toBe(200);
  });

  it('50 declines in a row leave the breaker closed', async () => {
    const declined = await Promise.all(Array.from({ length: 50 }, () => place(newId(), 'tok_declined')));
    expect(declined.every((d) => d.order.status === 'PAYMENT_FAILED' && d.userErrors[0]?.code === 'CARD_DECLINED')).toBe(true);
    expect(guard.state()).toBe('closed');
    expect((await place()).order.status).toBe('PAID');
  });
});

import { newId } from '../../../shared/ids';
import { UserFacingError } from '../../../shared/user-error';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { startMockPaymentGateway, type MockPaymentGateway } from '../../../../scripts/mock-payment-gateway';
import { deliveryDeps, type DeliveryDeps } from '../delivery.deps';
import { HttpPaymentGateway } from '../payments/http-payment-gateway';
import { paymentGuard } from '../payments/cockatiel-guard';
import { registerStore } from './register-store/register-store.handler';
import { addMenuItem } from './add-menu-item/add-menu-item.handler';
import { placeDeliveryOrder } from './place-delivery-order/place-delivery-order.handler';
import { acceptDeliveryOrder } from './accept-delivery-order/accept-delivery-order.handler';
import { startCooking } from './start-cooking/start-cooking.handler';
import { cancelDeliveryOrder } from './cancel-delivery-order/cancel-delivery-order.handler';
import { runPaymentSteps } from '../workers/payment-steps';

/**
 * 200 races of the customer's cancel against the merchant's startCooking on real Postgres (both
 * on pooled connections at once), then the saga's gateway steps against the stand-in over HTTP:
 * every order ends CANCELLED with exactly one void, or COOKING with exactly one capture — never both.
 */
describe('cancelDeliveryOrder racing startCooking (real Postgres, gateway stand-in)', () => {
  let app: TestApp;
  let gateway: MockPaymentGateway;
  let deps: DeliveryDeps;
  beforeAll(async () => {
    gateway = await startMockPaymentGateway(0);
    app = await startTestApp({ ROLES: 'api', DATABASE_POOL_MAX: '16' });
    deps = deliveryDeps(app.services.write, new HttpPaymentGateway(gateway.url, paymentGuard({ timeoutMs: 2_000, failures: 5, halfOpenAfterMs: 1_000, bulkhead: 200, bulkheadQueue: 1_000 })));
  });
  afterAll(async () => {
    await app?.stop();
    await gateway?.stop();
  });

  it('200 races: each order CANCELLED with one void or COOKING with one capture, never both', async () => {
    const merchant = newId();
    const store = await registerStore(deps, merchant, {
      name: 'Race kitchen', description: '', address: 'x', location: { lat: 37.5, lng: 127 }, deliveryRadiusKm: 5, openingHours: [],
    });
    const item = await addMenuItem(deps, merchant, { storeId: store.id, name: 'Bibimbap', description: '', price: 9_000, available: true });
    const orders: Array<{ id: string; customer: string }> = [];
    for (let batch = 0; batch < 10; batch += 1) {
      orders.push(...(await Promise.all(Array.from({ length: 20 }, async () => {
        const customer = newId();
        const { order } = await placeDeliveryOrder(deps, customer, {
          storeId: store.id, items: [{ menuItemId: item.id, quantity: 1 }], deliveryAddress: 'y', deliveryLocation: { lat: 37.5, lng: 127 },
          cardToken: 'tok_ok', idempotencyKey: newId(),
        });
        await acceptDeliveryOrder(deps, merchant, { orderId: order.id, estimatedMinutes: 10 });
        return { id: order.id, customer };
      }))));
    }

    const refusedWith = (err: unknown) => (err instanceof UserFacingError ? err.errors[0].code : Promise.reject(err));
    const outcomes = await Promise.all(orders.map(async (o) => {
      const [cancel, cook] = await Promise.all([
        cancelDeliveryOrder(deps, o.customer, o.id).then(() => 'won', refusedWith),
        startCooking(deps, merchant, o.id).then(() => 'won', refusedWith),
      ]);
      return { ...o, cancel, cook };
    }));
    // Exactly one side won each race; the loser heard why.
    for (const o of outcomes) {
      expect([o.cancel, o.cook].filter((x) => x === 'won')).toHaveLength(1);
      if (o.cancel !== 'won') expect(o.cancel).toBe('ORDER_ALREADY_COOKING');
      if (o.cook !== 'won') expect(o.cook).toBe('ORDER_STATE_CONFLICT');
    }
    while ((await runPaymentSteps(deps, 100)) > 0);

    const { rows } = await app.services.pool.query<{ id: string; status: string; payment_status: string; steps: string[] }>(
      `select o.id, o.status, o.payment_status, array_agg(s.step order by s.step) as steps
       from delivery_orders o join delivery_payment_steps s on s.order_id = o.id where o.id = any($1) group by o.id`,
      [orders.map((o) => o.id)],
    );
    expect(rows).toHaveLength(200);
    const atGateway = new Map(gateway.authorizations().map((a) => [a.reference, a]));
    for (const row of rows) {
      const auth = atGateway.get(row.id)!;
      if (row.status === 'CANCELLED') {
        expect({ steps: row.steps, payment: row.payment_status, voids: auth.voids, captures: auth.captures }).toEqual({ steps: ['VOID'], payment: 'VOIDED', voids: 1, captures: 0 });
      } else {
        expect(row.status).toBe('COOKING');
        expect({ steps: row.steps, payment: row.payment_status, voids: auth.voids, captures: auth.captures }).toEqual({ steps: ['CAPTURE'], payment: 'CAPTURED', voids: 0, captures: 1 });
      }
    }
    const cancelled = rows.filter((r) => r.status === 'CANCELLED').length;
    expect(gateway.stats()).toMatchObject({ voids: cancelled, captures: 200 - cancelled });
  });
});

import { CheckoutDocument, CreateGateDocument } from '../generated/graphql';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { charge, key, NO_RATE_LIMITS } from '../support/shopper';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The gate lookup of placeOrder / checkout / holdSeats reads Postgres when its snapshot is cold
 * (every 5 s, and after a gate is created). Done inside the write's transaction, that read waited
 * for a second pooled connection while every connection was held by a waiting transaction: the
 * pool deadlocked and every checkout failed after the connection timeout (found by the checkout
 * bench). A pool of 2 and 12 checkouts at once right after a gate is created reproduces it.
 */
jest.setTimeout(60_000);

describe('gate lookups and the connection pool', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ...NO_RATE_LIMITS, DATABASE_POOL_MAX: '2' });
  });
  afterAll(() => app?.stop());

  it('12 concurrent checkouts on a pool of 2 with a cold gate snapshot all go through', async () => {
    const admin = await adminToken(app);
    const [plain, gated] = [await createProduct(app, admin, { stock: 100 }), await createProduct(app, admin, { stock: 5 })];
    const shoppers = await Promise.all(Array.from({ length: 12 }, (_, i) => signUpCustomer(app, `Pool${i}`)));
    await Promise.all(shoppers.map((s) => charge(app, s.token, 100_000)));
    // A new gate (for another product) empties this process's snapshot: the next lookups read Postgres.
    await app.ok(CreateGateDocument, { input: { productId: gated.id, maxActive: 1, admitPerMinute: 60 } }, admin);
    const started = Date.now();
    const answers = await Promise.all(shoppers.map((s) => app.gql(CheckoutDocument, {
      input: { items: [{ productId: plain.id, quantity: 1 }], idempotencyKey: key() },
    }, s.token)));
    expect(answers.map((a) => a.errors?.[0]?.message ?? a.data?.checkout.order?.status)).toEqual(Array(12).fill('PAID'));
    expect(Date.now() - started).toBeLessThan(4_000); // no wait for a pool timeout
  });
});

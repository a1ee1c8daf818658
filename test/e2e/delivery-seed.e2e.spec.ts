import { SignInDocument, StoreDocument } from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { DELIVERY_SEED, seedDelivery } from '../../scripts/seed-delivery';

/** The delivery seed: once, through the handlers; the merchant and the customer can sign in; the store is served. */
describe('delivery seed', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it('a merchant with an open store of three items, and a customer; a second run adds nothing', async () => {
    const first = await seedDelivery(app.services.pool, app.services.write);
    const second = await seedDelivery(app.services.pool, app.services.write);
    expect(first.created).toBe(true);
    expect(second).toEqual({ storeId: first.storeId, created: false });
    for (const who of [DELIVERY_SEED.merchant, DELIVERY_SEED.customer]) {
      const { signIn } = await app.ok(SignInDocument, { input: { email: who.email, password: who.password } });
      expect(signIn.user?.role).toBe(who === DELIVERY_SEED.merchant ? 'MERCHANT' : 'CUSTOMER');
    }
    const store = await eventually(async () => (await app.ok(StoreDocument, { id: first.storeId })).store ?? undefined, 10_000, 'the seeded store');
    expect(store).toMatchObject({ name: 'Kimbap Heaven', isOpen: true });
    expect(store.menu.map((m) => m.price).sort()).toEqual([4_500, 5_000, 6_000]);
  });
});

import { newId } from '../../src/shared/ids';
import { CheckoutDocument, CreateCouponCampaignDocument, IssueCouponDocument, PlaceOrderDocument } from '../generated/graphql';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { charge, key } from '../support/shopper';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Attack (issue 12 item 23): placeOrder with a coupon id answered "belongs to someone else" for
 * another user's coupon and NOT_FOUND for an unknown id, so anyone could probe which coupon ids
 * exist. Both answers are now the same NOT_FOUND.
 */
let app: TestApp;
let victimCoupon: string;
let prober: { token: string; id: string };
let productId: string;

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
  const admin = await adminToken(app);
  const hour = 3_600_000;
  const { createCouponCampaign } = await app.ok(CreateCouponCampaignDocument, { input: {
    name: 'Probe', totalQuantity: 10, couponValidDays: 7, minOrderAmount: 0, discountType: 'FIXED', discountValue: 1_000,
    startsAt: new Date(Date.now() - hour).toISOString(), endsAt: new Date(Date.now() + hour).toISOString(),
  } }, admin);
  const victim = await signUpCustomer(app, 'CouponOwner');
  victimCoupon = (await app.ok(IssueCouponDocument, { input: { campaignId: createCouponCampaign.campaign!.id } }, victim.token)).issueCoupon.coupon!.id;
  prober = await signUpCustomer(app, 'Prober');
  await charge(app, prober.token, 50_000);
  productId = (await createProduct(app, admin, { price: 10_000, stock: 10 })).id;
});
afterAll(() => app?.stop());

const errorsFor = async (couponId: string) => {
  const items = [{ productId, quantity: 1 }];
  const placed = await app.ok(PlaceOrderDocument, { input: { items, couponId, idempotencyKey: key() } }, prober.token);
  const checkedOut = await app.ok(CheckoutDocument, { input: { items, couponId, idempotencyKey: key() } }, prober.token);
  return [placed.placeOrder.userErrors, checkedOut.checkout.userErrors];
};

it("someone else's coupon and an unknown id get the same NOT_FOUND on placeOrder and checkout", async () => {
  const theirs = await errorsFor(victimCoupon);
  const unknown = await errorsFor(newId());
  expect(theirs).toEqual(unknown);
  expect(theirs[0]).toEqual([expect.objectContaining({ code: 'NOT_FOUND', message: 'No such coupon', field: ['input', 'couponId'] })]);
  const { rows } = await app.services.pool.query('select count(*)::int as n from orders where user_id = $1', [prober.id]);
  expect(rows[0].n).toBe(0);
});

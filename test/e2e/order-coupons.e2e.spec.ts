import {
  CancelOrderDocument, CheckoutDocument, CreateCouponCampaignDocument, IssueCouponDocument, MyCouponsDocument, OrderDocument,
  PayOrderDocument, PlaceOrderDocument,
} from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { NO_RATE_LIMITS, charge, key } from '../support/shopper';

/** Orders spending coupons through the coupons context's port (reserve → use / release). */
let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await startTestApp(NO_RATE_LIMITS);
  admin = await adminToken(app);
});
afterAll(() => app.stop());

const HOUR = 3_600_000;

async function couponFor(token: string, terms: { discountType: 'PERCENT' | 'FIXED'; discountValue: number; minOrderAmount?: number }) {
  const { createCouponCampaign } = await app.ok(CreateCouponCampaignDocument, {
    input: {
      name: 'Order coupons', totalQuantity: 100, couponValidDays: 7, minOrderAmount: 0, ...terms,
      startsAt: new Date(Date.now() - HOUR).toISOString(), endsAt: new Date(Date.now() + HOUR).toISOString(),
    },
  }, admin);
  const { issueCoupon } = await app.ok(IssueCouponDocument, { input: { campaignId: createCouponCampaign.campaign!.id } }, token);
  return issueCoupon.coupon!.id;
}
const couponStatus = (token: string, id: string) =>
  app.ok(MyCouponsDocument, {}, token).then((d) => d.myCoupons.find((c) => c.id === id)!);
const balance = (userId: string) =>
  app.services.pool.query('select balance from wallets where user_id = $1', [userId]).then((r) => r.rows[0].balance as number);

describe('orders with coupons', () => {
  it('placeOrder reserves the coupon and discounts the total; payOrder uses it; it cannot be spent twice', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 20_000, stock: 10 });
    await charge(app, shopper.token, 100_000);
    const couponId = await couponFor(shopper.token, { discountType: 'PERCENT', discountValue: 10 });

    const placed = await app.ok(PlaceOrderDocument, {
      input: { items: [{ productId: product.id, quantity: 2 }], couponId, idempotencyKey: key() },
    }, shopper.token);
    expect(placed.placeOrder.order).toMatchObject({ subtotal: 40_000, discount: 4_000, total: 36_000, couponId });
    expect(await couponStatus(shopper.token, couponId)).toMatchObject({ status: 'RESERVED', orderId: placed.placeOrder.order!.id });

    const again = await app.ok(CheckoutDocument, { input: { items: [{ productId: product.id, quantity: 1 }], couponId, idempotencyKey: key() } }, shopper.token);
    expect(again.checkout.userErrors).toEqual([expect.objectContaining({ code: 'COUPON_NOT_USABLE', field: ['input', 'couponId'] })]);

    const paid = await app.ok(PayOrderDocument, { input: { orderId: placed.placeOrder.order!.id, idempotencyKey: key() } }, shopper.token);
    expect(paid.payOrder.payment?.amount).toBe(36_000);
    expect(await couponStatus(shopper.token, couponId)).toMatchObject({ status: 'USED', orderId: placed.placeOrder.order!.id });
    expect(await balance(shopper.id)).toBe(64_000);
  });

  it("checkout with a fixed coupon pays the discounted total; someone else's coupon is NOT_FOUND", async () => {
    const shopper = await signUpCustomer(app);
    const other = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 10_000, stock: 10 });
    await charge(app, shopper.token, 50_000);
    await charge(app, other.token, 50_000);
    const couponId = await couponFor(shopper.token, { discountType: 'FIXED', discountValue: 3_000 });

    const stolen = await app.ok(CheckoutDocument, { input: { items: [{ productId: product.id, quantity: 1 }], couponId, idempotencyKey: key() } }, other.token);
    expect(stolen.checkout.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'couponId'] })]);
    expect(await balance(other.id)).toBe(50_000);

    const bought = await app.ok(CheckoutDocument, { input: { items: [{ productId: product.id, quantity: 1 }], couponId, idempotencyKey: key() } }, shopper.token);
    expect(bought.checkout.order).toMatchObject({ status: 'PAID', subtotal: 10_000, discount: 3_000, total: 7_000 });
    expect(bought.checkout.payment?.amount).toBe(7_000);
    expect(await couponStatus(shopper.token, couponId)).toMatchObject({ status: 'USED' });
    expect(await balance(shopper.id)).toBe(43_000);
  });

  it('cancelling or expiring an unpaid order gives the coupon back', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 10_000, stock: 10 });
    await charge(app, shopper.token, 50_000);
    const couponId = await couponFor(shopper.token, { discountType: 'FIXED', discountValue: 1_000 });
    const place = () => app.ok(PlaceOrderDocument, { input: { items: [{ productId: product.id, quantity: 1 }], couponId, idempotencyKey: key() } }, shopper.token)
      .then((d) => d.placeOrder.order!);

    const first = await place();
    await app.ok(CancelOrderDocument, { input: { orderId: first.id } }, shopper.token);
    expect(await couponStatus(shopper.token, couponId)).toMatchObject({ status: 'AVAILABLE', orderId: null });

    const second = await place();
    expect(await couponStatus(shopper.token, couponId)).toMatchObject({ status: 'RESERVED', orderId: second.id });
    await app.services.pool.query(`update orders set expires_at = now() - interval '1 second' where id = $1`, [second.id]);
    await eventually(() => app.ok(OrderDocument, { id: second.id }, shopper.token).then((d) => d.order?.status === 'EXPIRED' || undefined), 6_000, 'expired');
    expect(await couponStatus(shopper.token, couponId)).toMatchObject({ status: 'AVAILABLE', orderId: null });

    const third = await place();
    expect(third.discount).toBe(1_000);
  });

  it('a coupon under its minimum order amount is refused and nothing is held', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 5_000, stock: 3 });
    await charge(app, shopper.token, 50_000);
    const couponId = await couponFor(shopper.token, { discountType: 'FIXED', discountValue: 1_000, minOrderAmount: 30_000 });
    const res = await app.ok(PlaceOrderDocument, { input: { items: [{ productId: product.id, quantity: 1 }], couponId, idempotencyKey: key() } }, shopper.token);
    expect(res.placeOrder.userErrors).toEqual([expect.objectContaining({ code: 'COUPON_NOT_USABLE', field: ['input', 'couponId'] })]);
    const stock = await app.services.pool.query('select available from stock where product_id = $1', [product.id]);
    expect(stock.rows[0].available).toBe(3);
    expect(await couponStatus(shopper.token, couponId)).toMatchObject({ status: 'AVAILABLE' });
  });

  it("the issue's example: 10% on a 45,000 order → discount 4,500, total 40,500; 100,000 → 59,500; coupon USED", async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 45_000, stock: 5 });
    await charge(app, shopper.token, 100_000);
    const couponId = await couponFor(shopper.token, { discountType: 'PERCENT', discountValue: 10 });
    const { checkout } = await app.ok(CheckoutDocument, {
      input: { items: [{ productId: product.id, quantity: 1 }], couponId, idempotencyKey: key() },
    }, shopper.token);
    expect(checkout.userErrors).toEqual([]);
    expect(checkout.order).toMatchObject({ status: 'PAID', subtotal: 45_000, discount: 4_500, total: 40_500 });
    expect(await balance(shopper.id)).toBe(59_500);
    expect(await couponStatus(shopper.token, couponId)).toMatchObject({ status: 'USED' });
  });

  it('one coupon raced into 10 orders at once: exactly one order gets it, the rest hold nothing', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 10_000, stock: 20 });
    await charge(app, shopper.token, 200_000);
    const couponId = await couponFor(shopper.token, { discountType: 'FIXED', discountValue: 2_000 });
    const results = await Promise.all(Array.from({ length: 10 }, () =>
      app.ok(PlaceOrderDocument, { input: { items: [{ productId: product.id, quantity: 1 }], couponId, idempotencyKey: key() } }, shopper.token)));
    const placed = results.filter((r) => r.placeOrder.order);
    expect(placed).toHaveLength(1);
    expect(results.filter((r) => r.placeOrder.userErrors[0]?.code === 'COUPON_NOT_USABLE')).toHaveLength(9);
    const held = await app.services.pool.query(
      `select count(*)::int as orders, coalesce(sum(discount), 0)::int as discount from orders where coupon_id = $1`, [couponId]);
    expect(held.rows[0]).toEqual({ orders: 1, discount: 2_000 });
    const stock = await app.services.pool.query('select available from stock where product_id = $1', [product.id]);
    expect(stock.rows[0].available).toBe(19);
  });
});

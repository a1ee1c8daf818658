import { CreateCouponCampaignDocument, IssueCouponDocument } from '../generated/graphql';
import { adminToken, signUpCustomer } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Attack (issue 12 item 19): the coupon gate's Redis keys (`coupon-gate:{id}:users`,
 * `:pending`) never expired, so every campaign ever run stayed in Redis; and a campaign id in
 * another case made a second, permanent set of keys. Every gate key now expires a day after its
 * campaign ends, and ids are canonical.
 */
let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api', COUPON_GATE: 'redis' });
  admin = await adminToken(app);
});
afterAll(() => app?.stop());

const HOUR = 3_600_000;

async function campaign(): Promise<{ id: string; endsAt: Date }> {
  const endsAt = new Date(Date.now() + HOUR);
  const { createCouponCampaign } = await app.ok(CreateCouponCampaignDocument, { input: {
    name: 'Gate keys', totalQuantity: 100, couponValidDays: 7, minOrderAmount: 0, discountType: 'FIXED', discountValue: 1_000,
    startsAt: new Date(Date.now() - HOUR).toISOString(), endsAt: endsAt.toISOString(),
  } }, admin);
  return { id: createCouponCampaign.campaign!.id, endsAt };
}

it('after issuing, every gate key of the campaign expires a day after it ends', async () => {
  const { id, endsAt } = await campaign();
  for (let i = 0; i < 3; i++) {
    const shopper = await signUpCustomer(app, 'Gate');
    expect((await app.ok(IssueCouponDocument, { input: { campaignId: id } }, shopper.token)).issueCoupon.coupon).not.toBeNull();
  }
  const redis = app.services.cache.redis;
  const keys = await redis.keys(`coupon-gate:{${id}}:*`);
  expect(keys).toEqual(expect.arrayContaining([`coupon-gate:{${id}}:users`, `coupon-gate:{${id}}:remaining`]));
  const deadline = Math.ceil(endsAt.getTime() / 1000) + 24 * 3600;
  for (const key of keys) {
    const expireAt = Number(await redis.call('EXPIRETIME', key));
    expect([key, expireAt > 0 && expireAt <= deadline + 1]).toEqual([key, true]);
  }
});

it('an upper-case campaign id uses the same keys (no second gate)', async () => {
  const { id } = await campaign();
  const shopper = await signUpCustomer(app, 'Upper');
  expect((await app.ok(IssueCouponDocument, { input: { campaignId: id.toUpperCase() } }, shopper.token)).issueCoupon.coupon).not.toBeNull();
  expect(await app.services.cache.redis.keys(`coupon-gate:{${id.toUpperCase()}}:*`)).toEqual([]);
  expect(await app.services.cache.redis.keys(`coupon-gate:{${id}}:*`)).not.toEqual([]);
});

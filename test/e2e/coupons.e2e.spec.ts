import {
  CouponCampaignsDocument, CreateCouponCampaignDocument, IssueCouponDocument, MyCouponsDocument,
  type CreateCouponCampaignInput,
} from '../generated/graphql';
import { adminToken, signUpCustomer } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { CouponGate } from '../../src/modules/coupons/issue/coupon-gate';
import { newId } from '../../src/shared/ids';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('coupon campaigns and issuing (GraphQL)', () => {
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await adminToken(app);
  });
  afterAll(() => app?.stop());

  const terms = (extra: Partial<CreateCouponCampaignInput> = {}): CreateCouponCampaignInput => ({
    name: 'Lunch rush', discountType: 'PERCENT', discountValue: 10, totalQuantity: 3, couponValidDays: 7, minOrderAmount: 30_000,
    startsAt: new Date(Date.now() - HOUR).toISOString(), endsAt: new Date(Date.now() + HOUR).toISOString(), ...extra,
  });
  async function campaign(extra: Partial<CreateCouponCampaignInput> = {}) {
    const { createCouponCampaign } = await app.ok(CreateCouponCampaignDocument, { input: terms(extra) }, admin);
    expect(createCouponCampaign.userErrors).toEqual([]);
    return createCouponCampaign.campaign!;
  }
  const issue = (campaignId: string, token: string) => app.ok(IssueCouponDocument, { input: { campaignId } }, token).then((r) => r.issueCoupon);

  it('an admin opens a campaign; shoppers see it with its remaining quantity', async () => {
    const created = await campaign({ name: 'Opening day' });
    expect(created).toMatchObject({ name: 'Opening day', discountType: 'PERCENT', discountValue: 10, totalQuantity: 3, issuedQuantity: 0, remainingQuantity: 3, minOrderAmount: 30_000, couponValidDays: 7 });
    const { couponCampaigns } = await app.ok(CouponCampaignsDocument, {});
    expect(couponCampaigns.map((c) => c.id)).toContain(created.id);
  });

  it('refuses bad terms with BAD_USER_INPUT naming the field, and non-admins with FORBIDDEN', async () => {
    const bad = async (extra: Partial<CreateCouponCampaignInput>) =>
      (await app.ok(CreateCouponCampaignDocument, { input: terms(extra) }, admin)).createCouponCampaign;
    expect((await bad({ discountValue: 101 })).userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'discountValue'] })]);
    expect((await bad({ discountType: 'FIXED', discountValue: 0 })).userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'discountValue'] })]);
    expect((await bad({ totalQuantity: 0 })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'totalQuantity'] })]);
    expect((await bad({ couponValidDays: 0 })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'couponValidDays'] })]);
    expect((await bad({ minOrderAmount: -1 })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'minOrderAmount'] })]);
    expect((await bad({ name: '  ' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'name'] })]);
    const start = new Date(Date.now() + HOUR).toISOString();
    expect((await bad({ startsAt: start, endsAt: start })).userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'endsAt'] })]);
    expect((await bad({ startsAt: new Date(Date.now() - 2 * HOUR).toISOString(), endsAt: new Date(Date.now() - HOUR).toISOString() })).userErrors)
      .toEqual([expect.objectContaining({ field: ['input', 'endsAt'] })]);
    const { rows } = await app.services.pool.query(`select count(*)::int n from coupon_campaigns where name = 'Lunch rush' and total_quantity = 0`);
    expect(rows[0].n).toBe(0);

    const shopper = await signUpCustomer(app);
    const res = await app.gql(CreateCouponCampaignDocument, { input: terms() }, shopper.token);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a shopper claims a coupon, sees it in myCoupons at once, and cannot claim a second', async () => {
    const c = await campaign({ discountType: 'FIXED', discountValue: 5_000, couponValidDays: 3 });
    const shopper = await signUpCustomer(app);
    const before = Date.now();
    const first = await issue(c.id, shopper.token);
    expect(first.userErrors).toEqual([]);
    expect(first.coupon).toMatchObject({ status: 'AVAILABLE', discountType: 'FIXED', discountValue: 5_000, minOrderAmount: 30_000, usedAt: null, campaign: { id: c.id, name: 'Lunch rush' } });
    const expiresIn = new Date(first.coupon!.expiresAt).getTime() - before;
    expect(expiresIn).toBeGreaterThanOrEqual(3 * DAY - 1_000);
    expect(expiresIn).toBeLessThanOrEqual(3 * DAY + 5_000);

    const { myCoupons } = await app.ok(MyCouponsDocument, {}, shopper.token);
    expect(myCoupons.map((k) => k.id)).toEqual([first.coupon!.id]);
    const available = await app.ok(MyCouponsDocument, { status: 'AVAILABLE' }, shopper.token);
    expect(available.myCoupons).toHaveLength(1);
    expect((await app.ok(MyCouponsDocument, { status: 'USED' }, shopper.token)).myCoupons).toEqual([]);

    const second = await issue(c.id, shopper.token);
    expect(second).toEqual({ coupon: null, userErrors: [expect.objectContaining({ code: 'COUPON_ALREADY_ISSUED', field: ['input', 'campaignId'] })] });
    const { couponCampaigns } = await app.ok(CouponCampaignsDocument, { activeOnly: true });
    expect(couponCampaigns.find((x) => x.id === c.id)).toMatchObject({ issuedQuantity: 1, remainingQuantity: 2 });
  });

  it('answers COUPON_EXHAUSTED, COUPON_NOT_ACTIVE, NOT_FOUND and UNAUTHENTICATED', async () => {
    const one = await campaign({ totalQuantity: 1 });
    const [a, b] = [await signUpCustomer(app), await signUpCustomer(app)];
    expect((await issue(one.id, a.token)).userErrors).toEqual([]);
    expect((await issue(one.id, b.token)).userErrors).toEqual([expect.objectContaining({ code: 'COUPON_EXHAUSTED' })]);
    // The winner asking again hears ALREADY_ISSUED, not EXHAUSTED.
    expect((await issue(one.id, a.token)).userErrors).toEqual([expect.objectContaining({ code: 'COUPON_ALREADY_ISSUED' })]);

    const later = await campaign({ startsAt: new Date(Date.now() + HOUR).toISOString(), endsAt: new Date(Date.now() + 2 * HOUR).toISOString() });
    expect((await issue(later.id, a.token)).userErrors).toEqual([expect.objectContaining({ code: 'COUPON_NOT_ACTIVE' })]);
    const active = (await app.ok(CouponCampaignsDocument, {})).couponCampaigns.map((c) => c.id);
    const all = (await app.ok(CouponCampaignsDocument, { activeOnly: false })).couponCampaigns.map((c) => c.id);
    expect(active).not.toContain(later.id);
    expect(all).toContain(later.id);

    expect((await issue(newId(), a.token)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect((await issue('not-an-id', a.token)).userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'campaignId'] })]);
    const anonymous = await app.gql(IssueCouponDocument, { input: { campaignId: one.id } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(MyCouponsDocument, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a coupon past its expiry reads EXPIRED and is filtered as such', async () => {
    const c = await campaign();
    const shopper = await signUpCustomer(app);
    const { coupon } = await issue(c.id, shopper.token);
    await app.services.pool.query(`update coupons set expires_at = now() - interval '1 minute' where id = $1`, [coupon!.id]);
    expect((await app.ok(MyCouponsDocument, {}, shopper.token)).myCoupons[0].status).toBe('EXPIRED');
    expect((await app.ok(MyCouponsDocument, { status: 'EXPIRED' }, shopper.token)).myCoupons.map((k) => k.id)).toEqual([coupon!.id]);
    expect((await app.ok(MyCouponsDocument, { status: 'AVAILABLE' }, shopper.token)).myCoupons).toEqual([]);
  });

  it('rebuilds a lost Redis gate from Postgres, including who already holds a coupon', async () => {
    const c = await campaign({ totalQuantity: 2 });
    const [a, b, d] = [await signUpCustomer(app), await signUpCustomer(app), await signUpCustomer(app)];
    expect((await issue(c.id, a.token)).userErrors).toEqual([]);
    await app.services.cache.redis.del(...CouponGate.keys(c.id)); // as if Redis restarted empty
    expect((await issue(c.id, a.token)).userErrors).toEqual([expect.objectContaining({ code: 'COUPON_ALREADY_ISSUED' })]);
    expect(await app.services.cache.redis.get(CouponGate.keys(c.id)[0])).toBe('1');
    expect(await app.services.cache.redis.sismember(CouponGate.keys(c.id)[1], a.id)).toBe(1);
    expect((await issue(c.id, b.token)).userErrors).toEqual([]);
    expect((await issue(c.id, d.token)).userErrors).toEqual([expect.objectContaining({ code: 'COUPON_EXHAUSTED' })]);
    const { rows } = await app.services.pool.query('select issued_quantity from coupon_campaigns where id = $1', [c.id]);
    expect(rows[0].issued_quantity).toBe(2);
  });

  it('a gate that believes too little (a lost give-back) is healed by its lease, not trusted forever', async () => {
    const c = await campaign({ totalQuantity: 1 });
    const [ghost, real] = [newId(), await signUpCustomer(app)];
    const redis = app.services.cache.redis;
    const [remaining, users, pending] = CouponGate.keys(c.id);
    // A process was admitted for `ghost` and died before Postgres answered: the slot is held by a lease from long ago.
    await redis.multi().decr(remaining).sadd(users, ghost).zadd(pending, Date.now() - 60_000, ghost).exec();
    expect((await issue(c.id, real.token)).userErrors).toEqual([]);
    expect(await redis.sismember(users, ghost)).toBe(0);
  });

  it('a gate whose count leaked with no lease left is repaired from Postgres before anyone hears EXHAUSTED', async () => {
    const c = await campaign({ totalQuantity: 1 });
    const [a, b] = [await signUpCustomer(app), await signUpCustomer(app)];
    const [remaining, , , soldout] = CouponGate.keys(c.id);
    await app.services.cache.redis.set(remaining, '0'); // a give-back lost for good
    expect((await issue(c.id, a.token)).userErrors).toEqual([]);
    expect((await issue(c.id, b.token)).userErrors).toEqual([expect.objectContaining({ code: 'COUPON_EXHAUSTED' })]);
    expect(await app.services.cache.redis.get(soldout)).toBe('1'); // Postgres confirmed it: final
  });
});

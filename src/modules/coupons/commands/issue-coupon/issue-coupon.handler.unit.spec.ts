import { newId } from '../../../../shared/ids';
import { fakeCouponsDeps, fakeWorld, refusal, type FakeCampaignRow, type FakeWorld } from '../../../../../test/support/fakes';
import type { CouponIssued } from '../../events';
import { issueCoupon } from './issue-coupon.handler';

const DAY = 24 * 3600_000;

describe('issueCoupon', () => {
  let w: FakeWorld;
  let campaign: FakeCampaignRow;
  const user = newId();
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    campaign = w.campaigns.seed({ totalQuantity: 2, discountType: 'FIXED', discountValue: 3_000, minOrderAmount: 20_000, couponValidDays: 7 }, w.clock.now());
  });
  const issue = (userId = user, campaignId = campaign.id) => issueCoupon(fakeCouponsDeps(w), userId, { campaignId });

  it('given an open campaign with coupons left, when claimed, then the user gets an AVAILABLE coupon with the campaign\'s terms, valid for couponValidDays, and CouponIssued', async () => {
    // when
    const coupon = await issue();

    // then
    expect(coupon).toEqual({
      id: expect.any(String), campaignId: campaign.id, status: 'AVAILABLE', discountType: 'FIXED', discountValue: 3_000, minOrderAmount: 20_000,
      issuedAt: w.clock.now(), expiresAt: new Date(w.clock.now().getTime() + 7 * DAY), usedAt: null, orderId: null,
    });
    expect(w.couponUsage.get(coupon.id)).toMatchObject({ userId: user, status: 'AVAILABLE' });
    expect(w.campaigns.rows.get(campaign.id)).toMatchObject({ issuedQuantity: 1, version: 2 });
    expect(w.outbox.ofType<CouponIssued>('CouponIssued')).toEqual([expect.objectContaining({
      aggregateType: 'CouponCampaign', aggregateId: campaign.id, aggregateVersion: 2,
      data: expect.objectContaining({ couponId: coupon.id, userId: user, issuedQuantity: 1 }),
    })]);
  });

  it('given the user already has one, then COUPON_ALREADY_ISSUED on input.campaignId and no second coupon', async () => {
    await issue();
    const before = w.state();
    expect(await refusal(issue())).toEqual([expect.objectContaining({ code: 'COUPON_ALREADY_ISSUED', field: ['input', 'campaignId'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given every coupon claimed, then COUPON_EXHAUSTED, and never more issued than the campaign holds', async () => {
    await Promise.all([issue(newId()), issue(newId())]);
    const before = w.state();
    expect(await refusal(issue())).toEqual([expect.objectContaining({ code: 'COUPON_EXHAUSTED', field: ['input', 'campaignId'] })]);
    expect(w.state()).toEqual(before);
    expect(w.campaigns.rows.get(campaign.id)?.issuedQuantity).toBe(2);
  });

  it('given five shoppers racing for two coupons, then exactly two win, one each, with consecutive campaign versions', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => issue(newId())));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(w.outbox.ofType<CouponIssued>('CouponIssued').map((e) => [e.aggregateVersion, e.data.issuedQuantity])).toEqual([[2, 1], [3, 2]]);
  });

  it.each([
    ['not started yet', () => w.clock.set(new Date(campaign.startsAt.getTime() - 1))],
    ['ended (endsAt is exclusive)', () => w.clock.set(campaign.endsAt)],
  ])('given a campaign %s, then COUPON_NOT_ACTIVE', async (_what, when) => {
    when();
    expect(await refusal(issue())).toEqual([expect.objectContaining({ code: 'COUPON_NOT_ACTIVE', field: ['input', 'campaignId'] })]);
  });

  it('given the campaign opens exactly now, then the claim is served (startsAt is inclusive)', async () => {
    w.clock.set(campaign.startsAt);
    await expect(issue()).resolves.toMatchObject({ status: 'AVAILABLE' });
  });

  it('given an unknown campaign, then NOT_FOUND on input.campaignId', async () => {
    expect(await refusal(issue(user, newId()))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'campaignId'] })]);
  });
});

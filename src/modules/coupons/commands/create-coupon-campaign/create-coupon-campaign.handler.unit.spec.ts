import { fakeCouponsDeps, fakeWorld, refusal, type FakeWorld } from '../../../../../test/support/fakes';
import type { CouponCampaignCreated } from '../../events';
import { createCouponCampaign } from './create-coupon-campaign.handler';
import type { CreateCouponCampaignInput } from './create-coupon-campaign.input';

const HOUR = 3600_000;

describe('createCouponCampaign', () => {
  let w: FakeWorld;
  let input: CreateCouponCampaignInput;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    input = {
      name: '  Spring sale ', discountType: 'PERCENT', discountValue: 10, totalQuantity: 500,
      startsAt: new Date('2026-03-01T10:00:00.000Z'), endsAt: new Date('2026-03-02T10:00:00.000Z'), couponValidDays: 7, minOrderAmount: 30_000,
    };
  });

  it('given valid terms, when created, then the campaign is stored with nothing issued, CouponCampaignCreated v1 is appended and the gate is prepared after commit', async () => {
    // when
    const campaign = await createCouponCampaign(fakeCouponsDeps(w), input);

    // then
    expect(campaign).toEqual({ ...input, id: expect.any(String), name: 'Spring sale', issuedQuantity: 0 });
    expect(w.campaigns.rows.get(campaign.id)).toMatchObject({ name: 'Spring sale', totalQuantity: 500, issuedQuantity: 0, version: 1, createdAt: w.clock.now() });
    expect(w.outbox.ofType<CouponCampaignCreated>('CouponCampaignCreated')).toEqual([expect.objectContaining({
      aggregateType: 'CouponCampaign', aggregateId: campaign.id, aggregateVersion: 1,
      data: {
        name: 'Spring sale', discountType: 'PERCENT', discountValue: 10, totalQuantity: 500, couponValidDays: 7, minOrderAmount: 30_000,
        startsAt: '2026-03-01T10:00:00.000Z', endsAt: '2026-03-02T10:00:00.000Z',
      },
    })]);
    expect(w.issuer.gates).toEqual([{ campaignId: campaign.id, totalQuantity: 500, endsAt: input.endsAt }]);
  });

  it.each([
    ['a PERCENT discount over 100', 'discountValue', { discountValue: 101 }],
    ['endsAt before startsAt', 'endsAt', { endsAt: new Date('2026-03-01T09:30:00.000Z') }],
    ['endsAt already past', 'endsAt', { startsAt: new Date('2026-02-01T00:00:00.000Z'), endsAt: new Date('2026-03-01T08:00:00.000Z') }],
  ])('given %s, then BAD_USER_INPUT on input.%s, nothing is written and no gate is built', async (_what, field, change) => {
    const before = w.state();
    const errors = await refusal(createCouponCampaign(fakeCouponsDeps(w), { ...input, ...change }));
    expect(errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', field] })]);
    expect(w.state()).toEqual(before);
    expect(w.transactions.history).toEqual([]);
    expect(w.issuer.gates).toEqual([]);
  });

  it('given several broken rules, then one BAD_USER_INPUT per field', async () => {
    const errors = await refusal(createCouponCampaign(fakeCouponsDeps(w), { ...input, discountValue: 200, endsAt: new Date(input.startsAt.getTime() - HOUR) }));
    expect(errors.map((e) => e.field)).toEqual([['input', 'discountValue'], ['input', 'endsAt']]);
  });

  it('given a FIXED discount above 100, then it is fine (won, not percent)', async () => {
    await expect(createCouponCampaign(fakeCouponsDeps(w), { ...input, discountType: 'FIXED', discountValue: 5_000 })).resolves.toMatchObject({ discountValue: 5_000 });
  });

  it('given the outbox write fails, then no campaign and no gate: the gate is only built for a committed campaign', async () => {
    w.outbox.failNextAppend();
    const before = w.state();
    await expect(createCouponCampaign(fakeCouponsDeps(w), input)).rejects.toThrow();
    expect(w.state()).toEqual(before);
    expect(w.issuer.gates).toEqual([]);
  });
});

import { newId } from '../../../../shared/ids';
import type { CouponsDeps } from '../../coupons.deps';
import { campaignTermsProblems } from '../../domain/coupon-campaign';
import { campaignTermsRejected } from '../../domain/coupon-errors';
import { couponCampaignCreated } from '../../events';
import type { CampaignRead } from '../../queries/coupon.types';
import type { CreateCouponCampaignInput } from './create-coupon-campaign.input';

/** Gate: the Redis gate is built right after commit (best effort; it is rebuilt on first use anyway). */
export async function createCouponCampaign(deps: CouponsDeps, input: CreateCouponCampaignInput): Promise<CampaignRead> {
  const now = deps.clock.now();
  const terms = {
    name: input.name.trim(), discountType: input.discountType, discountValue: input.discountValue, totalQuantity: input.totalQuantity,
    startsAt: input.startsAt, endsAt: input.endsAt, couponValidDays: input.couponValidDays, minOrderAmount: input.minOrderAmount,
  };
  const problems = campaignTermsProblems(terms, now);
  if (problems.length > 0) throw campaignTermsRejected(problems);
  const id = newId(now.getTime());
  await deps.transactions.withTransaction((tx) => Promise.all([
    deps.campaigns.insert(tx, { id, ...terms, createdAt: now }),
    deps.outbox.append(tx, [couponCampaignCreated(id, { ...terms, startsAt: terms.startsAt.toISOString(), endsAt: terms.endsAt.toISOString() }, now)]),
  ]));
  await deps.issuer.prepareGate(id, terms.totalQuantity, terms.endsAt);
  return { id, ...terms, issuedQuantity: 0 };
}

import type { CouponsDeps } from '../../coupons.deps';
import { issueRefused } from '../../domain/coupon-errors';
import type { CouponRead } from '../../queries/coupon.types';
import type { IssueCouponInput } from './issue-coupon.input';

/** First come, first served: one coupon per user per campaign, never more than the campaign holds. */
export async function issueCoupon(deps: Pick<CouponsDeps, 'issuer' | 'clock'>, userId: string, input: IssueCouponInput): Promise<CouponRead> {
  const result = await deps.issuer.issue(input.campaignId, userId, deps.clock.now());
  if (result.outcome !== 'ISSUED') throw issueRefused(result.outcome);
  const { coupon } = result;
  return {
    id: coupon.id, status: 'AVAILABLE', discountType: coupon.discountType, discountValue: coupon.discountValue,
    minOrderAmount: coupon.minOrderAmount, issuedAt: coupon.issuedAt, expiresAt: coupon.expiresAt,
    usedAt: null, orderId: null, campaignId: coupon.campaignId,
  };
}

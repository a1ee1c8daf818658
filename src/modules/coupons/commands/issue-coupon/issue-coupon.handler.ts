import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import type { CouponsDeps } from '../../coupons.deps';
import type { CouponRead } from '../../queries/coupon.types';
import type { IssueCouponInput } from './issue-coupon.input';

const FIELD = ['input', 'campaignId'];
const REFUSALS = {
  EXHAUSTED: userError(ErrorCode.COUPON_EXHAUSTED, 'All coupons of this campaign have been claimed', FIELD),
  ALREADY_ISSUED: userError(ErrorCode.COUPON_ALREADY_ISSUED, 'You already have a coupon from this campaign', FIELD),
  NOT_ACTIVE: userError(ErrorCode.COUPON_NOT_ACTIVE, 'This campaign is not open for claims now', FIELD),
  NOT_FOUND: userError(ErrorCode.NOT_FOUND, 'No such coupon campaign', FIELD),
};

/** First come, first served: one coupon per user per campaign, never more than the campaign holds. */
export async function issueCoupon(deps: Pick<CouponsDeps, 'issuer' | 'clock'>, userId: string, input: IssueCouponInput): Promise<CouponRead> {
  const result = await deps.issuer.issue(input.campaignId, userId, deps.clock.now());
  if (result.outcome !== 'ISSUED') throw new UserFacingError([REFUSALS[result.outcome]]);
  const { coupon } = result;
  return {
    id: coupon.id, status: 'AVAILABLE', discountType: coupon.discountType, discountValue: coupon.discountValue,
    minOrderAmount: coupon.minOrderAmount, issuedAt: coupon.issuedAt, expiresAt: coupon.expiresAt,
    usedAt: null, orderId: null, campaignId: coupon.campaignId,
  };
}

import { ErrorCode, UserFacingError, userError, type UserErrorData } from '../../../shared/user-error';

/** The coupons module's userErrors codes (merged into the GraphQL ErrorCode enum). */
export const CouponsErrorCode = {
  COUPON_EXHAUSTED: 'COUPON_EXHAUSTED',
  COUPON_ALREADY_ISSUED: 'COUPON_ALREADY_ISSUED',
  COUPON_NOT_ACTIVE: 'COUPON_NOT_ACTIVE',
  COUPON_NOT_USABLE: 'COUPON_NOT_USABLE',
} as const;

const CAMPAIGN_FIELD = ['input', 'campaignId'];

/** Why issueCoupon gave no coupon, by the issuer's outcome. */
export const ISSUE_REFUSALS: Record<'EXHAUSTED' | 'ALREADY_ISSUED' | 'NOT_ACTIVE' | 'NOT_FOUND', UserErrorData> = {
  EXHAUSTED: userError(CouponsErrorCode.COUPON_EXHAUSTED, 'All coupons of this campaign have been claimed', CAMPAIGN_FIELD),
  ALREADY_ISSUED: userError(CouponsErrorCode.COUPON_ALREADY_ISSUED, 'You already have a coupon from this campaign', CAMPAIGN_FIELD),
  NOT_ACTIVE: userError(CouponsErrorCode.COUPON_NOT_ACTIVE, 'This campaign is not open for claims now', CAMPAIGN_FIELD),
  NOT_FOUND: userError(ErrorCode.NOT_FOUND, 'No such coupon campaign', CAMPAIGN_FIELD),
};

export const issueRefused = (outcome: keyof typeof ISSUE_REFUSALS) => new UserFacingError([ISSUE_REFUSALS[outcome]]);

/** A new campaign's broken rules ([field, message] pairs from campaignTermsProblems), one BAD_USER_INPUT each. */
export const campaignTermsRejected = (problems: ReadonlyArray<readonly [string, string]>) =>
  new UserFacingError(problems.map(([field, message]) => userError(ErrorCode.BAD_USER_INPUT, message, ['input', field])));

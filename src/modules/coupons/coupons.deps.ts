import type { WriteDeps } from '../../shared/write-deps';
import type { CouponIssuer } from './issue/coupon-issuer';
import { pgCampaigns, type CampaignStore } from './stores/campaign.store';

/** The ports coupons' handlers run on (real stores in the app, in-memory fakes in unit specs). */
export interface CouponsDeps extends WriteDeps {
  campaigns: CampaignStore;
  /** First-come issuing (Redis gate + batched Postgres statement), long-lived per process. */
  issuer: Pick<CouponIssuer, 'issue' | 'prepareGate'>;
}

export const couponsDeps = (write: WriteDeps, issuer: CouponsDeps['issuer']): CouponsDeps => ({ ...write, campaigns: pgCampaigns, issuer });

import type { DomainEvent } from '../../shared/event';
import type { DiscountType } from './domain/discount';

export const CAMPAIGN_AGGREGATE = 'CouponCampaign';

export interface CampaignTermsData {
  name: string;
  discountType: DiscountType;
  discountValue: number;
  totalQuantity: number;
  startsAt: string;
  endsAt: string;
  couponValidDays: number;
  minOrderAmount: number;
}

export type CouponCampaignCreated = DomainEvent<'CouponCampaignCreated', CampaignTermsData>;
/** aggregateVersion is the campaign's version after the issue (it moves with issuedQuantity). */
export type CouponIssued = DomainEvent<
  'CouponIssued',
  { couponId: string; campaignId: string; userId: string; issuedAt: string; expiresAt: string; issuedQuantity: number }
>;

export type CouponEvent = CouponCampaignCreated | CouponIssued;

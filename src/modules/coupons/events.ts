import { makeEvent, type DomainEvent } from '../../shared/event';
import { eventSchema, type EventSchema } from '../../shared/event-schema';
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

/** What the coupons module's events look like on the wire (checked against every outbox row the tests write). */
export const couponEventSchemas: EventSchema[] = [
  eventSchema<CouponCampaignCreated>({
    type: 'CouponCampaignCreated', schemaVersion: 1, aggregateType: CAMPAIGN_AGGREGATE,
    data: {
      name: 'string', discountType: { enum: ['PERCENT', 'FIXED'] }, discountValue: 'integer', totalQuantity: 'integer',
      startsAt: 'datetime', endsAt: 'datetime', couponValidDays: 'integer', minOrderAmount: 'integer',
    },
  }),
  eventSchema<CouponIssued>({
    type: 'CouponIssued', schemaVersion: 1, aggregateType: CAMPAIGN_AGGREGATE,
    data: { couponId: 'uuid', campaignId: 'uuid', userId: 'uuid', issuedAt: 'datetime', expiresAt: 'datetime', issuedQuantity: 'integer' },
  }),
];

export function couponCampaignCreated(id: string, terms: CampaignTermsData, now: Date): CouponCampaignCreated {
  return makeEvent<'CouponCampaignCreated', CampaignTermsData>('CouponCampaignCreated', { type: CAMPAIGN_AGGREGATE, id, version: 1 }, now, terms);
}

/** `campaign.version` is the campaign's version after this coupon was counted. */
export function couponIssued(campaign: { id: string; version: number }, data: CouponIssued['data'], issuedAt: Date): CouponIssued {
  return makeEvent<'CouponIssued', CouponIssued['data']>('CouponIssued', { type: CAMPAIGN_AGGREGATE, ...campaign }, issuedAt, data);
}

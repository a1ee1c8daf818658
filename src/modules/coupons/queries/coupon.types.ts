import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { DiscountType } from '../domain/discount';
import type { CouponStatus } from '../domain/coupon-status';
import { CouponStatusEnum, DiscountTypeEnum } from './coupon-enums';

export interface CampaignRead {
  id: string;
  name: string;
  discountType: DiscountType;
  discountValue: number;
  totalQuantity: number;
  issuedQuantity: number;
  startsAt: Date;
  endsAt: Date;
  couponValidDays: number;
  minOrderAmount: number;
}

@ObjectType('CouponCampaign', { description: 'A first-come coupon giveaway' })
export class CouponCampaignType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => DiscountTypeEnum) discountType!: DiscountType;
  @Field(() => Int) discountValue!: number;
  @Field(() => Int) totalQuantity!: number;
  @Field(() => Int, { description: 'Coupons issued so far (exact at the time of the read)' }) issuedQuantity!: number;
  @Field(() => Int) remainingQuantity!: number;
  @Field() startsAt!: Date;
  @Field() endsAt!: Date;
  @Field(() => Int, { description: 'Days an issued coupon stays usable' }) couponValidDays!: number;
  @Field(() => Int, { description: 'Smallest order subtotal (won) a coupon applies to' }) minOrderAmount!: number;

  static from(read: CampaignRead): CouponCampaignType {
    return Object.assign(new CouponCampaignType(), { ...read, remainingQuantity: Math.max(0, read.totalQuantity - read.issuedQuantity) });
  }
}

export interface CouponRead {
  id: string;
  status: CouponStatus;
  discountType: DiscountType;
  discountValue: number;
  minOrderAmount: number;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  orderId: string | null;
  campaignId: string;
  /** Present when the read joined it; otherwise the campaign field resolver loads it. */
  campaign?: CampaignRead;
}

@ObjectType('Coupon', { description: "A shopper's coupon" })
export class CouponType {
  @Field(() => ID) id!: string;
  campaignId!: string;
  preloadedCampaign?: CouponCampaignType; // `campaign` is a field resolver (coupon.resolver.ts)
  @Field(() => CouponStatusEnum) status!: CouponStatus;
  @Field(() => DiscountTypeEnum) discountType!: DiscountType;
  @Field(() => Int) discountValue!: number;
  @Field(() => Int, { description: 'Smallest order subtotal (won) this coupon applies to' }) minOrderAmount!: number;
  @Field() issuedAt!: Date;
  @Field() expiresAt!: Date;
  @Field(() => Date, { nullable: true }) usedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The order holding (RESERVED) or having used (USED) it' }) orderId!: string | null;

  static from(read: CouponRead): CouponType {
    const { campaign, ...rest } = read;
    return Object.assign(new CouponType(), { ...rest, preloadedCampaign: campaign ? CouponCampaignType.from(campaign) : undefined });
  }
}

import { Field, InputType, Int } from 'type-graphql';
import { IsDate, IsIn, IsInt, Length, Matches, Max, Min } from 'class-validator';
import { MAX_FIXED_DISCOUNT, MAX_MIN_ORDER, MAX_TOTAL_QUANTITY, MAX_VALID_DAYS } from '../../domain/coupon-campaign';
import type { DiscountType } from '../../domain/discount';
import { DiscountTypeEnum } from '../../queries/coupon-enums';

@InputType()
export class CreateCouponCampaignInput {
  @Field() @Length(1, 100) @Matches(/\S/, { message: 'name must not be blank' }) name!: string;
  @Field(() => DiscountTypeEnum) @IsIn(['PERCENT', 'FIXED']) discountType!: DiscountType;
  @Field(() => Int, { description: 'Percent (1–100) or won (1–100,000,000), by discountType' })
  @IsInt() @Min(1) @Max(MAX_FIXED_DISCOUNT) discountValue!: number;
  @Field(() => Int, { description: 'Coupons to give away, 1 to 10,000,000' })
  @IsInt() @Min(1) @Max(MAX_TOTAL_QUANTITY) totalQuantity!: number;
  @Field({ description: 'Issuing opens (inclusive)' }) @IsDate() startsAt!: Date;
  @Field({ description: 'Issuing closes (exclusive); after startsAt and in the future' }) @IsDate() endsAt!: Date;
  @Field(() => Int, { description: 'Days an issued coupon stays usable, 1 to 365' })
  @IsInt() @Min(1) @Max(MAX_VALID_DAYS) couponValidDays!: number;
  @Field(() => Int, { defaultValue: 0, description: 'Smallest order subtotal (won) the coupon applies to' })
  @IsInt() @Min(0) @Max(MAX_MIN_ORDER) minOrderAmount!: number;
}

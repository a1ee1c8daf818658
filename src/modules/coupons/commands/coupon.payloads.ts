import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../../graphql/user-error.type';
import { CouponCampaignType, CouponType } from '../queries/coupon.types';

@ObjectType()
export class CouponCampaignPayload {
  @Field(() => CouponCampaignType, { nullable: true }) campaign!: CouponCampaignType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class CouponPayload {
  @Field(() => CouponType, { nullable: true }) coupon!: CouponType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

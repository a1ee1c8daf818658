import { Field, ID, InputType } from 'type-graphql';
import { IsUUID } from 'class-validator';

@InputType()
export class IssueCouponInput {
  @Field(() => ID) @IsUUID('all', { message: 'campaignId must be a campaign id' }) campaignId!: string;
}

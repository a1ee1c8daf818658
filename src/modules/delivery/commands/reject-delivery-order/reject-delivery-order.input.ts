import { Field, ID, InputType } from 'type-graphql';
import { IsUUID, Length, Matches } from 'class-validator';

@InputType()
export class RejectDeliveryOrderInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a delivery order id' }) orderId!: string;
  @Field({ description: 'Shown to the customer, 1 to 500 characters' }) @Length(1, 500) @Matches(/\S/, { message: 'reason must not be blank' }) reason!: string;
}

import { Field, ID, InputType } from 'type-graphql';
import { IsUUID } from 'class-validator';

/** startCooking, finishCooking and cancelDeliveryOrder take only the order. */
@InputType()
export class DeliveryOrderIdInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a delivery order id' }) orderId!: string;
}

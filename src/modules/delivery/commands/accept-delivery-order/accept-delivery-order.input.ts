import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

@InputType()
export class AcceptDeliveryOrderInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a delivery order id' }) orderId!: string;
  @Field(() => Int, { description: 'Minutes until it is ready, 1 to 240' }) @IsInt() @Min(1) @Max(240) estimatedMinutes!: number;
}

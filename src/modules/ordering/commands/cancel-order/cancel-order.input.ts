import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { IdempotencyKeyRule } from '../../../../shared/idempotency-key.rule';

@InputType()
export class CancelOrderInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be an order id' }) orderId!: string;

  @Field(() => String, { nullable: true, description: 'Optional: a retry with the same key gets the same answer instead of ORDER_NOT_CANCELLABLE' })
  @IsOptional() @IdempotencyKeyRule()
  idempotencyKey?: string | null;
}

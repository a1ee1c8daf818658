import { Field, ID, InputType } from 'type-graphql';
import { IsUUID } from 'class-validator';
import { IdempotencyKeyRule } from '../../../../shared/idempotency-key.rule';

@InputType()
export class PayOrderInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be an order id' }) orderId!: string;

  @Field({ description: 'Same key and order again → the same answer, paid once. 1 to 100 characters, kept 48 h' })
  @IdempotencyKeyRule()
  idempotencyKey!: string;
}

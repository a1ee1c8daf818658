import { Field, InputType, Int } from 'type-graphql';
import { IsInt, Max, Min } from 'class-validator';
import { IdempotencyKeyRule } from '../../../../shared/idempotency-key.rule';
import { MAX_CHARGE, MIN_CHARGE } from '../../domain/wallet-limits';

@InputType()
export class ChargePointsInput {
  @Field(() => Int, { description: `KRW to add, ${MIN_CHARGE} to ${MAX_CHARGE.toLocaleString('en')}` })
  @IsInt() @Min(MIN_CHARGE) @Max(MAX_CHARGE)
  amount!: number;

  @Field({ description: 'Same key and amount again → the same answer, charged once. 1 to 100 characters, kept 48 h' })
  @IdempotencyKeyRule()
  idempotencyKey!: string;
}

import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsInt, IsOptional, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { IdempotencyKeyRule } from '../../../../shared/idempotency-key.rule';
import { MAX_SEATS_PER_HOLD, MAX_SEATS_PER_PERFORMANCE } from '../../domain/performance';

@InputType()
export class BestAvailableInput {
  @Field(() => Int) @IsInt() @Min(1) @Max(MAX_SEATS_PER_HOLD) count!: number;
  @Field() @Length(1, 50) grade!: string;
}

@InputType({ description: 'Exactly one of seatNumbers / bestAvailable' })
export class HoldSeatsInput {
  @Field(() => ID) @IsUUID('all', { message: 'performanceId must be a performance id' }) performanceId!: string;

  @Field(() => [Int], { nullable: true })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(MAX_SEATS_PER_HOLD) @ArrayUnique({ message: 'seatNumbers must not repeat a seat' })
  @IsInt({ each: true }) @Min(1, { each: true }) @Max(MAX_SEATS_PER_PERFORMANCE, { each: true })
  seatNumbers?: number[] | null;

  @Field(() => BestAvailableInput, { nullable: true }) @IsOptional() @ValidateNested() bestAvailable?: BestAvailableInput | null;

  @Field(() => String, { nullable: true, description: 'Your ACTIVE queue ticket token, for a performance behind a gate' })
  @IsOptional() @Length(1, 1_000)
  queueToken?: string | null;

  @Field() @IdempotencyKeyRule() idempotencyKey!: string;
}

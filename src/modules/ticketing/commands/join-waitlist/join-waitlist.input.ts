import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MAX_SEATS_PER_HOLD } from '../../domain/performance';

@InputType()
export class JoinWaitlistInput {
  @Field(() => ID) @IsUUID('all', { message: 'performanceId must be a performance id' }) performanceId!: string;

  @Field(() => Int, { description: `Seats wanted together, 1 to ${MAX_SEATS_PER_HOLD} (and within the performance's maxSeatsPerUser)` })
  @IsInt() @Min(1) @Max(MAX_SEATS_PER_HOLD)
  count!: number;

  @Field(() => String, { nullable: true, description: 'Only seats of this grade; any grade when omitted' })
  @IsOptional() @Length(1, 50) @Matches(/\S/, { message: 'grade must not be blank' })
  grade?: string | null;
}

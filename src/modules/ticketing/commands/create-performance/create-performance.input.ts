import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsDate, IsInt, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MAX_GRADES, MAX_SEATS_PER_HOLD, MAX_SEATS_PER_PERFORMANCE } from '../../domain/performance';

@InputType()
export class GradeInput {
  @Field({ description: 'VIP, R, S, a train car or class, …' }) @Length(1, 50) @Matches(/\S/, { message: 'name must not be blank' }) name!: string;
  @Field(() => Int, { description: 'KRW per seat' }) @IsInt() @Min(0) @Max(100_000_000) price!: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(MAX_SEATS_PER_PERFORMANCE) seats!: number;
}

@InputType()
export class CreatePerformanceInput {
  @Field(() => ID) @IsUUID('all', { message: 'eventId must be an event id' }) eventId!: string;
  @Field() @IsDate() startsAt!: Date;
  @Field({ description: 'Holds are refused before this instant' }) @IsDate() salesOpenAt!: Date;
  @Field(() => [GradeInput], { description: 'Seats are numbered 1..N across the grades in this order' })
  @ArrayMinSize(1) @ArrayMaxSize(MAX_GRADES) @ValidateNested()
  grades!: GradeInput[];

  @Field(() => Int, { defaultValue: 4, description: `Live holds plus paid seats per person, 1 to ${MAX_SEATS_PER_HOLD}` })
  @IsInt() @Min(1) @Max(MAX_SEATS_PER_HOLD)
  maxSeatsPerUser!: number;

  @Field(() => Int, { defaultValue: 300, description: 'How long a hold lasts, 30 to 3600 seconds' })
  @IsInt() @Min(30) @Max(3_600)
  holdSeconds!: number;
}

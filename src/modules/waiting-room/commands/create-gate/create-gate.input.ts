import { Field, ID, InputType, Int } from 'type-graphql';
import { IsDate, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import {
  DEFAULT_ACTIVE_TTL_SECONDS, DEFAULT_HEARTBEAT_GRACE_SECONDS, FAIRNESS, MAX_ACTIVE, MAX_ACTIVE_TTL_SECONDS,
  MAX_ADMIT_PER_MINUTE, MAX_HEARTBEAT_GRACE_SECONDS, type Fairness,
} from '../../domain/gate';
import { FairnessEnum } from '../../queries/waiting-room-enums';

@InputType({ description: 'Give exactly one of performanceId and productId' })
export class CreateGateInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'performanceId must be a performance id' }) performanceId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'productId must be a product id' }) productId?: string | null;
  @Field(() => Int, { description: 'At most this many ACTIVE at any instant, 1 to 1,000,000' }) @IsInt() @Min(1) @Max(MAX_ACTIVE) maxActive!: number;
  @Field(() => Int, { description: 'At most this many admitted in any rolling minute, 1 to 1,000,000' }) @IsInt() @Min(1) @Max(MAX_ADMIT_PER_MINUTE) admitPerMinute!: number;
  @Field(() => Int, { defaultValue: DEFAULT_ACTIVE_TTL_SECONDS, description: 'How long an admission lasts (1 to 86,400 s) unless a hold extends it' })
  @IsInt() @Min(1) @Max(MAX_ACTIVE_TTL_SECONDS) activeTtlSeconds!: number;
  @Field(() => Int, { defaultValue: DEFAULT_HEARTBEAT_GRACE_SECONDS, description: 'A WAITING ticket unread this long (1 to 3,600 s) loses its place' })
  @IsInt() @Min(1) @Max(MAX_HEARTBEAT_GRACE_SECONDS) heartbeatGraceSeconds!: number;
  @Field(() => FairnessEnum, { defaultValue: FairnessEnum.FIFO }) @IsIn(FAIRNESS) fairness!: Fairness;
  @Field(() => Date, { nullable: true, description: 'Joining opens (default: at opensAt)' }) @IsOptional() @IsDate() prequeueOpensAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Admitting starts (default: at once)' }) @IsOptional() @IsDate() opensAt?: Date | null;
}

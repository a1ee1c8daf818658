import { Field, ID, InputType, Int } from 'type-graphql';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { GATE_STATES, MAX_ACTIVE, MAX_ADMIT_PER_MINUTE, type GateState } from '../../domain/gate';
import { GateStateEnum } from '../../queries/waiting-room-enums';

@InputType({ description: 'Fields left out stay as they are; the change reaches every process within a second' })
export class UpdateGateInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a gate id' }) id!: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(MAX_ACTIVE) maxActive?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(MAX_ADMIT_PER_MINUTE) admitPerMinute?: number | null;
  @Field(() => GateStateEnum, { nullable: true }) @IsOptional() @IsIn(GATE_STATES) state?: GateState | null;
}

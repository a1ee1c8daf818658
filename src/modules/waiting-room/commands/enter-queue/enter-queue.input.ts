import { Field, ID, InputType } from 'type-graphql';
import { IsUUID } from 'class-validator';

@InputType()
export class EnterQueueInput {
  @Field(() => ID) @IsUUID('all', { message: 'gateId must be a gate id' }) gateId!: string;
}

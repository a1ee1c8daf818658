import { Field, InputType } from 'type-graphql';
import { Length } from 'class-validator';

@InputType()
export class LeaveQueueInput {
  @Field() @Length(1, 200) token!: string;
}

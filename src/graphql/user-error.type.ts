import { Field, Int, ObjectType } from 'type-graphql';
import type { UserErrorData } from '../shared/user-error';
import { ErrorCodeEnum } from './error-code';

@ObjectType({ description: 'An expected failure: the input or the state did not allow the change. Nothing was written.' })
export class UserError implements UserErrorData {
  @Field(() => ErrorCodeEnum)
  code!: string;

  @Field()
  message!: string;

  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["input", "price"]' })
  field?: string[];

  @Field(() => Int, { nullable: true, description: 'Set on RATE_LIMITED: seconds until the same call may be allowed again' })
  retryAfterSeconds?: number;
}

import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorCode, type UserErrorData } from '../shared/user-error';

registerEnumType(ErrorCode, { name: 'ErrorCode', description: 'Why a mutation did not do what was asked' });

@ObjectType({ description: 'An expected failure: the input or the state did not allow the change. Nothing was written.' })
export class UserError implements UserErrorData {
  @Field(() => ErrorCode)
  code!: ErrorCode;

  @Field()
  message!: string;

  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["input", "price"]' })
  field?: string[];
}

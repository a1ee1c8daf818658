import { Field, InputType } from 'type-graphql';
import { Length, MaxLength } from 'class-validator';

@InputType()
export class SignInInput {
  @Field() @Length(1, 254) email!: string;
  @Field() @MaxLength(128) password!: string;
}

import { Field, InputType } from 'type-graphql';
import { IsEmail, Length, Matches, MaxLength } from 'class-validator';

@InputType()
export class SignUpInput {
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email!: string;
  @Field({ description: '10 to 128 characters' }) @Length(10, 128) password!: string;
  @Field() @Length(1, 100) @Matches(/\S/, { message: 'name must not be blank' }) name!: string;
}

import { Field, InputType, registerEnumType } from 'type-graphql';
import { IsEmail, IsIn, IsOptional, Length, Matches, MaxLength } from 'class-validator';

/** The roles one may give oneself; ADMIN is never self-assigned (it is not in this enum at all). */
export enum SignUpRole {
  CUSTOMER = 'CUSTOMER',
  MERCHANT = 'MERCHANT',
  RIDER = 'RIDER',
}
registerEnumType(SignUpRole, { name: 'SignUpRole' });

@InputType()
export class SignUpInput {
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email!: string;
  @Field({ description: '10 to 128 characters' }) @Length(10, 128) password!: string;
  @Field() @Length(1, 100) @Matches(/\S/, { message: 'name must not be blank' }) name!: string;
  @Field(() => SignUpRole, { nullable: true, description: 'CUSTOMER when left out' })
  @IsOptional() @IsIn(Object.values(SignUpRole)) role?: SignUpRole | null;
}

import { Field, InputType } from 'type-graphql';
import { Length, Matches } from 'class-validator';

@InputType()
export class CreateEventInput {
  @Field() @Length(1, 200) @Matches(/\S/, { message: 'name must not be blank' }) name!: string;
  @Field({ defaultValue: '' }) @Length(0, 5_000) description!: string;
  @Field() @Length(1, 200) @Matches(/\S/, { message: 'venue must not be blank' }) venue!: string;
  @Field({ description: 'concert, train, lecture, …' }) @Length(1, 100) @Matches(/\S/, { message: 'category must not be blank' }) category!: string;
}

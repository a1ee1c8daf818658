import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export const MAX_PRICE = 10_000_000;

@InputType()
export class AddMenuItemInput {
  @Field(() => ID) @IsUUID('all', { message: 'storeId must be a store id' }) storeId!: string;
  @Field() @Length(1, 200) @Matches(/\S/, { message: 'name must not be blank' }) name!: string;
  @Field({ defaultValue: '' }) @Length(0, 2_000) description!: string;
  @Field(() => Int, { description: `KRW, 1 to ${MAX_PRICE}` }) @IsInt() @Min(1) @Max(MAX_PRICE) price!: number;
  @Field({ defaultValue: true }) available!: boolean;
}

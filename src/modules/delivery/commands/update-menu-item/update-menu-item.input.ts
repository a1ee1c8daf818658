import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MAX_PRICE } from '../add-menu-item/add-menu-item.input';

/** Fields left out keep their value. */
@InputType()
export class UpdateMenuItemInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a menu item id' }) id!: string;
  @Field(() => Int, { description: 'The version you read; a newer one → CONFLICT' }) @IsInt() @Min(1) expectedVersion!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) @Matches(/\S/, { message: 'name must not be blank' }) name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 2_000) description?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(MAX_PRICE) price?: number | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() available?: boolean | null;
}

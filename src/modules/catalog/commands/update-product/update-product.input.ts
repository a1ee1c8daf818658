import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CategoryRule, DescriptionRule, MAX_PRICE, NameRule, NotBlank } from '../product-fields';

@InputType({ description: 'Fields left out stay as they are' })
export class UpdateProductInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a product id' }) id!: string;
  @Field(() => Int, { description: 'The version you read; a newer one answers CONFLICT' }) @IsInt() @Min(1) expectedVersion!: number;
  @Field({ nullable: true }) @IsOptional() @NameRule() @NotBlank() name?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(MAX_PRICE) price?: number;
  @Field({ nullable: true }) @IsOptional() @DescriptionRule() description?: string;
  @Field({ nullable: true }) @IsOptional() @CategoryRule() @NotBlank() category?: string;
}

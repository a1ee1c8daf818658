import { Field, InputType, Int } from 'type-graphql';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_STOCK } from '../../domain/product';
import { CategoryRule, DescriptionRule, MAX_PRICE, NameRule, NotBlank } from '../product-fields';

@InputType()
export class CreateProductInput {
  @Field() @NameRule() @NotBlank() name!: string;
  @Field(() => Int, { description: 'KRW, 0 to 100,000,000' }) @IsInt() @Min(0) @Max(MAX_PRICE) price!: number;
  @Field(() => Int, { description: 'Initial units, 0 to 100,000,000' }) @IsInt() @Min(0) @Max(MAX_STOCK) stock!: number;
  @Field({ defaultValue: '' }) @DescriptionRule() description!: string;
  @Field() @CategoryRule() @NotBlank() category!: string;
}

import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

@InputType()
export class RestockProductInput {
  @Field(() => ID) @IsUUID('all', { message: 'productId must be a product id' }) productId!: string;
  @Field(() => Int, { description: 'Units to add, 1 to 1,000,000' }) @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
}

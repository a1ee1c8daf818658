import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { IdempotencyKeyRule } from '../../../shared/idempotency-key.rule';
import { MAX_ITEM_QUANTITY, MAX_ORDER_ITEMS, MIN_ITEM_QUANTITY } from '../domain/order';

@InputType()
export class OrderItemInput {
  @Field(() => ID) @IsUUID('all', { message: 'productId must be a product id' }) productId!: string;

  @Field(() => Int, { description: `${MIN_ITEM_QUANTITY} to ${MAX_ITEM_QUANTITY}` })
  @IsInt() @Min(MIN_ITEM_QUANTITY) @Max(MAX_ITEM_QUANTITY)
  quantity!: number;
}

/** What placeOrder and checkout both take (fields inherited by their input types; not itself in the schema). */
@InputType()
export abstract class OrderRequestInput {
  @Field(() => [OrderItemInput], { description: `1 to ${MAX_ORDER_ITEMS} items, each product once` })
  @ArrayMinSize(1, { message: 'An order needs at least one item' })
  @ArrayMaxSize(MAX_ORDER_ITEMS, { message: `An order may have at most ${MAX_ORDER_ITEMS} items` })
  @ValidateNested()
  items!: OrderItemInput[];

  @Field(() => ID, { nullable: true, description: 'One of your coupons, reserved for this order' })
  @IsOptional() @IsUUID('all', { message: 'couponId must be a coupon id' })
  couponId?: string | null;

  @Field(() => String, { nullable: true, description: 'Your ACTIVE queue ticket token, when a product is behind a gate (its slot is freed once the order is placed)' })
  @IsOptional() @Length(1, 1_000)
  queueToken?: string | null;

  @Field({ description: 'Same key and input again → the same answer and no second order. 1 to 100 characters, kept 48 h' })
  @IdempotencyKeyRule()
  idempotencyKey!: string;
}

/** Ids compared and stored lower-case. */
export const requestedItems = (input: OrderRequestInput) =>
  input.items.map((i) => ({ productId: i.productId.toLowerCase(), quantity: i.quantity }));

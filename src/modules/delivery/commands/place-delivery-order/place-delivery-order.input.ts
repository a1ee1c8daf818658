import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IdempotencyKeyRule } from '../../../../shared/idempotency-key.rule';
import { MAX_ITEMS_PER_ORDER } from '../../domain/delivery-order';
import { LocationInput } from '../../queries/delivery.types';

@InputType()
export class DeliveryOrderItemInput {
  @Field(() => ID) @IsUUID('all', { message: 'menuItemId must be a menu item id' }) menuItemId!: string;
  @Field(() => Int, { description: `1 to ${MAX_ITEMS_PER_ORDER}` }) @IsInt() @Min(1) @Max(MAX_ITEMS_PER_ORDER) quantity!: number;
}

/** Card tokens are the gateway's (tok_…), never card numbers. */
export const CARD_TOKEN = /^tok_[A-Za-z0-9_]{1,96}$/;

@InputType()
export class PlaceDeliveryOrderInput {
  @Field(() => ID) @IsUUID('all', { message: 'storeId must be a store id' }) storeId!: string;
  @Field(() => [DeliveryOrderItemInput], { description: `Menu items of that one store; at most ${MAX_ITEMS_PER_ORDER} items counting quantities` })
  @ArrayMinSize(1, { message: 'An order needs at least one item' })
  // Each line has quantity ≥ 1, so more lines than this is TOO_MANY_ITEMS anyway; the bound keeps huge lists out.
  @ArrayMaxSize(MAX_ITEMS_PER_ORDER + 1, { message: `An order may have at most ${MAX_ITEMS_PER_ORDER} items` })
  @ValidateNested()
  items!: DeliveryOrderItemInput[];
  @Field() @Length(1, 500) @Matches(/\S/, { message: 'deliveryAddress must not be blank' }) deliveryAddress!: string;
  @Field(() => LocationInput) @ValidateNested() deliveryLocation!: LocationInput;
  @Field({ description: 'From the gateway (test cards: tok_ok, tok_declined)' }) @Matches(CARD_TOKEN, { message: 'cardToken must be a gateway card token (tok_…)' }) cardToken!: string;
  @Field() @IdempotencyKeyRule() idempotencyKey!: string;
}

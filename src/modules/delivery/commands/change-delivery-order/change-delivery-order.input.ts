import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsUUID, ValidateNested } from 'class-validator';
import { MAX_ITEMS_PER_ORDER } from '../../domain/delivery-order';
import { DeliveryOrderItemInput } from '../place-delivery-order/place-delivery-order.input';

@InputType()
export class ChangeDeliveryOrderInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a delivery order id' }) orderId!: string;
  @Field(() => [DeliveryOrderItemInput], { description: 'The whole new list (same rules as placeDeliveryOrder)' })
  @ArrayMinSize(1, { message: 'An order needs at least one item' })
  @ArrayMaxSize(MAX_ITEMS_PER_ORDER + 1, { message: `An order may have at most ${MAX_ITEMS_PER_ORDER} items` })
  @ValidateNested()
  items!: DeliveryOrderItemInput[];
}

import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { CARD_TOKEN } from '../place-delivery-order/place-delivery-order.input';

@InputType()
export class RetryDeliveryPaymentInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a delivery order id' }) orderId!: string;
  @Field(() => String, { nullable: true, description: 'Another card, after a decline (else the same card)' })
  @IsOptional() @Matches(CARD_TOKEN, { message: 'cardToken must be a gateway card token (tok_…)' }) cardToken?: string | null;
}

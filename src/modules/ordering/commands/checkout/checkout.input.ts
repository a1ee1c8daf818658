import { InputType } from 'type-graphql';
import { OrderRequestInput } from '../order-items.input';

@InputType()
export class CheckoutInput extends OrderRequestInput {}

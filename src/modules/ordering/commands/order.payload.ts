import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../../graphql/user-error.type';
import { OrderType, PaymentType } from '../queries/order.type';

@ObjectType()
export class OrderPayload {
  @Field(() => OrderType, { nullable: true }) order!: OrderType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class PaymentPayload {
  @Field(() => PaymentType, { nullable: true }) payment!: PaymentType | null;
  @Field(() => OrderType, { nullable: true }) order!: OrderType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

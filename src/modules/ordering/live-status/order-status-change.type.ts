import { Field, ID, Int, ObjectType } from 'type-graphql';
import { OrderStatus } from './order-status.enum';

/** What travels from the NATS fan-out through the in-process PubSub to each subscriber. */
export interface OrderStatusChangePayload {
  orderId: string;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  occurredAt: Date;
  /** The order's version after the change; subscribers use it to drop stale or repeated changes. */
  version: number;
}

@ObjectType('OrderStatusChange', { description: 'One step of an order\'s lifecycle, pushed over graphql-ws' })
export class OrderStatusChangeType implements OrderStatusChangePayload {
  @Field(() => ID) orderId!: string;
  @Field(() => OrderStatus) status!: OrderStatus;
  @Field(() => OrderStatus, { nullable: true, description: 'Null for a new order (PENDING)' }) previousStatus!: OrderStatus | null;
  @Field() occurredAt!: Date;
  @Field(() => Int, { description: 'The order\'s version after this change' }) version!: number;
}

import { Field, ID, Int, ObjectType } from 'type-graphql';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { DeliveryOrderStatus } from '../domain/delivery-order';
import { DeliveryOrderStatus as DeliveryOrderStatusEnum } from '../queries/delivery.types';

/** What travels from the NATS fan-out through this process's delivery PubSub to each subscriber. */
export interface DeliveryStatusChangePayload {
  orderId: string;
  status: DeliveryOrderStatus;
  previousStatus: DeliveryOrderStatus | null;
  occurredAt: Date;
  /** The order's version after the change: a subscriber drops anything not newer than what it sent. */
  version: number;
}

export const DELIVERY_ORDER_STATUS_CHANGED = 'DELIVERY_ORDER_STATUS_CHANGED';

/** The module's own in-process PubSub (one per process, in its services), fed by DeliveryStatusFanout. */
export type DeliveryPubSub = PubSub<{ DELIVERY_ORDER_STATUS_CHANGED: [orderId: string, change: DeliveryStatusChangePayload] }>;
export const createDeliveryPubSub = (): DeliveryPubSub => createPubSub();

@ObjectType('DeliveryOrderStatusChange', { description: "One step of a delivery order's life, pushed over graphql-ws" })
export class DeliveryStatusChangeType implements DeliveryStatusChangePayload {
  @Field(() => ID) orderId!: string;
  @Field(() => DeliveryOrderStatusEnum) status!: DeliveryOrderStatus;
  @Field(() => DeliveryOrderStatusEnum, { nullable: true }) previousStatus!: DeliveryOrderStatus | null;
  @Field() occurredAt!: Date;
  @Field(() => Int) version!: number;
}

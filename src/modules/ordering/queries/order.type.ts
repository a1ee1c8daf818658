import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../graphql/connection';
import { OrderStatus } from '../live-status/order-status.enum';
import type { Order, OrderLine, PaymentRecord } from '../domain/order';

@ObjectType('OrderItem')
export class OrderItemType {
  @Field(() => ID) productId!: string;
  @Field({ description: 'The name when ordered' }) productName!: string;
  @Field(() => Int, { description: 'KRW when ordered' }) unitPrice!: number;
  @Field(() => Int) quantity!: number;
  @Field(() => Int) lineTotal!: number;
  // `product` (the catalog's current view) is resolved by OrderItemResolver through the DataLoader.

  static from(line: OrderLine): OrderItemType {
    return Object.assign(new OrderItemType(), line);
  }
}

@ObjectType('Payment', { description: 'The wallet debit that paid an order' })
export class PaymentType {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'KRW taken from the wallet' }) amount!: number;
  @Field() paidAt!: Date;

  static from(payment: PaymentRecord): PaymentType {
    return Object.assign(new PaymentType(), { id: payment.id, amount: payment.amount, paidAt: new Date(payment.paidAt) });
  }
}

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

@ObjectType('Order')
export class OrderType {
  @Field(() => ID) id!: string;
  @Field(() => OrderStatus) status!: OrderStatus;
  @Field(() => [OrderItemType], { description: 'Sorted by productId' }) items!: OrderItemType[];
  @Field(() => Int, { description: 'Sum of the line totals, KRW' }) subtotal!: number;
  @Field(() => Int, { description: "The coupon's discount, KRW" }) discount!: number;
  @Field(() => Int, { description: 'subtotal − discount: what is paid' }) total!: number;
  @Field(() => ID, { nullable: true }) couponId!: string | null;
  @Field({ description: 'A PENDING order is released (EXPIRED) after this' }) expiresAt!: Date;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) paidAt!: Date | null;
  @Field(() => Date, { nullable: true }) cancelledAt!: Date | null;
  @Field(() => PaymentType, { nullable: true }) payment!: PaymentType | null;
  @Field(() => Int, { description: 'Rises with every status change' }) version!: number;

  static from(order: Order): OrderType {
    return Object.assign(new OrderType(), {
      id: order.id, status: order.status as OrderStatus, items: order.items.map(OrderItemType.from),
      subtotal: order.subtotal, discount: order.discount, total: order.total, couponId: order.couponId,
      expiresAt: new Date(order.expiresAt), createdAt: new Date(order.createdAt), paidAt: date(order.paidAt),
      cancelledAt: date(order.cancelledAt), payment: order.payment ? PaymentType.from(order.payment) : null, version: order.version,
    });
  }
}

export const OrderConnection = Connection(OrderType, 'Order');

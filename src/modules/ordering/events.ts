import { makeEvent, type DomainEvent } from '../../shared/event';
import { eventSchema, type EventSchema } from '../../shared/event-schema';
import type { Order, OrderLine } from './domain/order';

/** Events of the Order aggregate: aggregateId = order id, aggregateVersion = the order's version after it. */
export const ORDER_AGGREGATE = 'Order';

export type OrderItemData = Pick<OrderLine, 'productId' | 'productName' | 'unitPrice' | 'quantity' | 'lineTotal'>;

export type OrderPlaced = DomainEvent<'OrderPlaced', {
  userId: string; status: 'PENDING'; items: OrderItemData[]; subtotal: number; discount: number; total: number;
  couponId: string | null; expiresAt: string;
}>;
export type OrderPaid = DomainEvent<'OrderPaid', {
  userId: string; previousStatus: 'PENDING'; status: 'PAID'; paymentId: string; amount: number; paidAt: string; items: OrderItemData[];
}>;
export type OrderCancelled = DomainEvent<'OrderCancelled', {
  userId: string; previousStatus: 'PENDING' | 'PAID'; status: 'CANCELLED'; cancelledAt: string; paidAt: string | null;
  refundedAmount: number; items: OrderItemData[];
}>;
export type OrderExpired = DomainEvent<'OrderExpired', {
  userId: string; previousStatus: 'PENDING'; status: 'EXPIRED'; expiredAt: string; items: OrderItemData[];
}>;
export type OrderEvent = OrderPlaced | OrderPaid | OrderCancelled | OrderExpired;

const item = { object: { productId: 'uuid', productName: 'string', unitPrice: 'integer', quantity: 'integer', lineTotal: 'integer' } } as const;
const orderEvent = <T extends OrderEvent['type']>(type: T) => ({ type, schemaVersion: 1, aggregateType: ORDER_AGGREGATE });

/** What the Order events look like on the wire (checked against every outbox row the tests write). */
export const orderEventSchemas: EventSchema[] = [
  eventSchema<OrderPlaced>({
    ...orderEvent('OrderPlaced'),
    data: {
      userId: 'uuid', status: { enum: ['PENDING'] }, items: { list: item }, subtotal: 'integer', discount: 'integer', total: 'integer',
      couponId: { nullable: 'uuid' }, expiresAt: 'datetime',
    },
  }),
  eventSchema<OrderPaid>({
    ...orderEvent('OrderPaid'),
    data: {
      userId: 'uuid', previousStatus: { enum: ['PENDING'] }, status: { enum: ['PAID'] }, paymentId: 'uuid', amount: 'integer',
      paidAt: 'datetime', items: { list: item },
    },
  }),
  eventSchema<OrderCancelled>({
    ...orderEvent('OrderCancelled'),
    data: {
      userId: 'uuid', previousStatus: { enum: ['PENDING', 'PAID'] }, status: { enum: ['CANCELLED'] }, cancelledAt: 'datetime',
      paidAt: { nullable: 'datetime' }, refundedAmount: 'integer', items: { list: item },
    },
  }),
  eventSchema<OrderExpired>({
    ...orderEvent('OrderExpired'),
    data: { userId: 'uuid', previousStatus: { enum: ['PENDING'] }, status: { enum: ['EXPIRED'] }, expiredAt: 'datetime', items: { list: item } },
  }),
];

const items = (order: Order): OrderItemData[] =>
  order.items.map(({ productId, productName, unitPrice, quantity, lineTotal }) => ({ productId, productName, unitPrice, quantity, lineTotal }));
const aggregate = (order: Order, version: number) => ({ type: ORDER_AGGREGATE, id: order.id, version });

export function orderPlaced(order: Order, now: Date): OrderPlaced {
  return makeEvent<'OrderPlaced', OrderPlaced['data']>('OrderPlaced', aggregate(order, 1), now, {
    userId: order.userId, status: 'PENDING', items: items(order), subtotal: order.subtotal, discount: order.discount,
    total: order.total, couponId: order.couponId, expiresAt: order.expiresAt,
  });
}

/** `paid` is the order after markPaid. */
export function orderPaid(paid: Order, now: Date): OrderPaid {
  return makeEvent<'OrderPaid', OrderPaid['data']>('OrderPaid', aggregate(paid, paid.version), now, {
    userId: paid.userId, previousStatus: 'PENDING', status: 'PAID', paymentId: paid.payment!.id, amount: paid.payment!.amount,
    paidAt: paid.paidAt!, items: items(paid),
  });
}

export function orderCancelled(cancelled: Order, previousStatus: 'PENDING' | 'PAID', refundedAmount: number, now: Date): OrderCancelled {
  return makeEvent<'OrderCancelled', OrderCancelled['data']>('OrderCancelled', aggregate(cancelled, cancelled.version), now, {
    userId: cancelled.userId, previousStatus, status: 'CANCELLED', cancelledAt: cancelled.cancelledAt!, paidAt: cancelled.paidAt,
    refundedAmount, items: items(cancelled),
  });
}

export function orderExpired(expired: Order, now: Date): OrderExpired {
  return makeEvent<'OrderExpired', OrderExpired['data']>('OrderExpired', aggregate(expired, expired.version), now, {
    userId: expired.userId, previousStatus: 'PENDING', status: 'EXPIRED', expiredAt: now.toISOString(), items: items(expired),
  });
}

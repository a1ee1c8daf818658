import { registerEnumType } from 'type-graphql';

/** The order lifecycle as the API shows it (the orders.status column holds the same words). */
export enum OrderStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(OrderStatus, { name: 'OrderStatus', description: 'Where an order is in its lifecycle' });

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (Object.values(OrderStatus) as string[]).includes(value);
}

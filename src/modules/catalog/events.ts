import { makeEvent, type DomainEvent } from '../../shared/event';
import { eventSchema, type EventSchema } from '../../shared/event-schema';
import type { ProductSnapshot } from './domain/product';

export type { ProductSnapshot } from './domain/product';

export type ProductCreated = DomainEvent<'ProductCreated', ProductSnapshot>;
export type ProductUpdated = DomainEvent<'ProductUpdated', ProductSnapshot & { changed: string[] }>;
/**
 * Every change to a product's stock carries the absolute `available` after it, so a projector
 * can apply the newest one it sees (by aggregateVersion) and ignore older or repeated ones.
 */
export type StockChanged = DomainEvent<
  'StockChanged',
  { productId: string; available: number; delta: number; reason: 'CREATED' | 'RESTOCKED' | 'HELD' | 'RELEASED' | 'RETURNED' }
>;

export type CatalogEvent = ProductCreated | ProductUpdated | StockChanged;
export const PRODUCT_AGGREGATE = 'Product';
export const STOCK_AGGREGATE = 'Stock';

const snapshot = {
  name: 'string', description: 'string', category: 'string', price: 'integer', createdAt: 'datetime', updatedAt: 'datetime',
} as const;

/** What catalog's events look like on the wire (checked against every outbox row the tests write). */
export const catalogEventSchemas: EventSchema[] = [
  eventSchema<ProductCreated>({ type: 'ProductCreated', schemaVersion: 1, aggregateType: PRODUCT_AGGREGATE, data: snapshot }),
  eventSchema<ProductUpdated>({
    type: 'ProductUpdated', schemaVersion: 1, aggregateType: PRODUCT_AGGREGATE, data: { ...snapshot, changed: { list: 'string' } },
  }),
  eventSchema<StockChanged>({
    type: 'StockChanged', schemaVersion: 1, aggregateType: STOCK_AGGREGATE,
    data: { productId: 'uuid', available: 'integer', delta: 'integer', reason: { enum: ['CREATED', 'RESTOCKED', 'HELD', 'RELEASED', 'RETURNED'] } },
  }),
];

/** The event of a stock change that applied; `level` is the stock row after it. */
export function stockChanged(productId: string, level: { available: number; version: number }, delta: number, reason: StockChanged['data']['reason'], now: Date): StockChanged {
  return makeEvent<'StockChanged', StockChanged['data']>('StockChanged', { type: STOCK_AGGREGATE, id: productId, version: level.version }, now, {
    productId, available: level.available, delta, reason,
  });
}

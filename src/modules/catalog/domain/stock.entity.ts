import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Units of a product that can still be bought. A hot row in a sale: it is changed only by
 * atomic conditional updates (see stock.store.ts), never by read-modify-write.
 */
@Entity({ tableName: 'stock' })
export class Stock {
  [OptionalProps]?: 'version';

  @PrimaryKey({ type: 'uuid' })
  productId!: string;

  @Property({ type: 'integer' })
  available!: number;

  @Property({ version: true })
  version: number = 1;
}

/** Ceiling on units per product: keeps sums far from integer overflow. */
export const MAX_STOCK = 100_000_000;

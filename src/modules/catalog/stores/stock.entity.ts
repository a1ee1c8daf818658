import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** The `stock` table as MikroORM knows it (schema metadata); writes go through stock.store.ts. */
@Entity({ tableName: 'stock' })
export class StockEntity {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) productId!: string;
  @Property({ type: 'integer' }) available!: number;
  @Property({ version: true }) version: number = 1;
}

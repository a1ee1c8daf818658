import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** The `products` table as MikroORM knows it (schema metadata); writes go through product.store.ts. */
@Entity({ tableName: 'products' })
export class ProductEntity {
  [OptionalProps]?: 'version' | 'createdAt' | 'updatedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'text' }) category!: string;
  @Property({ type: 'integer' }) price!: number;
  @Property({ version: true }) version: number = 1;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Product: the descriptive, admin-edited aggregate (cold row, optimistic version lock).
 * Its stock is a separate aggregate so a flash sale never conflicts with an admin edit.
 */
@Entity({ tableName: 'products' })
export class Product {
  [OptionalProps]?: 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'text' })
  category!: string;

  /** Integer KRW. */
  @Property({ type: 'integer' })
  price!: number;

  @Property({ version: true })
  version: number = 1;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Applies an edit; returns the fields that actually changed. */
  edit(changes: Partial<Pick<Product, 'name' | 'description' | 'category' | 'price'>>, now: Date): string[] {
    const changed: string[] = [];
    for (const key of ['name', 'description', 'category', 'price'] as const) {
      const value = changes[key];
      if (value !== undefined && value !== this[key]) {
        (this as Record<string, unknown>)[key] = value;
        changed.push(key);
      }
    }
    if (changed.length > 0) this.updatedAt = now;
    return changed;
  }
}

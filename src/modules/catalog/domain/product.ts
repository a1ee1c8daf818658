/**
 * Product: the descriptive, admin-edited aggregate (cold row, optimistic version lock). Its
 * stock is a separate aggregate (a hot row changed only by conditional updates) so a flash sale
 * never conflicts with an admin edit.
 */
export interface Product {
  id: string;
  name: string;
  description: string;
  category: string;
  /** Integer KRW. */
  price: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The product as its events carry it (ProductCreated, ProductUpdated): times as ISO strings. */
export interface ProductSnapshot {
  name: string;
  description: string;
  category: string;
  price: number;
  createdAt: string;
  updatedAt: string;
}

export interface StockLevel {
  available: number;
  version: number;
}

/** Ceiling on units per product: keeps sums far from integer overflow. */
export const MAX_STOCK = 100_000_000;

export type ProductEdit = Partial<Pick<Product, 'name' | 'description' | 'category' | 'price'>>;

/** The product after an edit and the fields that actually changed (none: the product as it was). */
export function editProduct(product: Product, changes: ProductEdit, now: Date): { product: Product; changed: string[] } {
  const changed = (['name', 'description', 'category', 'price'] as const).filter((key) => changes[key] !== undefined && changes[key] !== product[key]);
  if (changed.length === 0) return { product, changed };
  const edited: Product = { ...product, version: product.version + 1, updatedAt: now };
  for (const key of changed) (edited as unknown as Record<string, unknown>)[key] = changes[key];
  return { product: edited, changed };
}

export function productSnapshot(product: Product): ProductSnapshot {
  return {
    name: product.name, description: product.description, category: product.category, price: product.price,
    createdAt: product.createdAt.toISOString(), updatedAt: product.updatedAt.toISOString(),
  };
}

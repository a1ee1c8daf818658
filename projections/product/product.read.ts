/** One row of product_read as queries see it. `stock` is what can be bought now. */
export interface ProductRead {
  id: string;
  name: string;
  description: string;
  category: string;
  price: number;
  stock: number;
  version: number;
  stockVersion: number;
  createdAt: string;
  updatedAt: string;
}

export const PRODUCT_COLUMNS = `id, name, description, category, price, stock, version,
  stock_version as "stockVersion", created_at as "createdAt", updated_at as "updatedAt"`;

export function toProductRead(row: Record<string, unknown>): ProductRead {
  return {
    ...(row as unknown as ProductRead),
    createdAt: new Date(row.createdAt as string).toISOString(),
    updatedAt: new Date(row.updatedAt as string).toISOString(),
  };
}

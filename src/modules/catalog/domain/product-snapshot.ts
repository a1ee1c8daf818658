import type { ProductRead } from '../../../../projections/product/product.read';
import type { ProductSnapshot } from '../events';
import type { Product } from './product.entity';

export function productSnapshot(product: Product): ProductSnapshot {
  return {
    name: product.name,
    description: product.description,
    category: product.category,
    price: product.price,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/** What a mutation answers: the write model as just committed (the read model may lag). */
export function productFromWriteModel(product: Product, stock: { available: number; version: number }): ProductRead {
  return {
    id: product.id,
    ...productSnapshot(product),
    stock: stock.available,
    version: product.version,
    stockVersion: stock.version,
  };
}

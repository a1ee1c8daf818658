import { newId } from '../../../../shared/ids';
import { makeEvent } from '../../../../shared/event';
import type { CatalogDeps } from '../../catalog.deps';
import { productSnapshot, type Product, type StockLevel } from '../../domain/product';
import { PRODUCT_AGGREGATE, stockChanged, type ProductCreated } from '../../events';
import type { CreateProductInput } from './create-product.input';

export interface ProductWithStock {
  product: Product;
  stock: StockLevel;
}

export async function createProduct(deps: CatalogDeps, input: CreateProductInput): Promise<ProductWithStock> {
  const now = deps.clock.now();
  const product: Product = {
    id: newId(now.getTime()), name: input.name.trim(), description: input.description, category: input.category.trim(),
    price: input.price, version: 1, createdAt: now, updatedAt: now,
  };
  const stock: StockLevel = { available: input.stock, version: 1 };
  await deps.transactions.withTransaction((tx) => Promise.all([
    deps.products.insert(tx, product, stock.available),
    deps.outbox.append(tx, [
      makeEvent<'ProductCreated', ProductCreated['data']>('ProductCreated', { type: PRODUCT_AGGREGATE, id: product.id, version: 1 }, now, productSnapshot(product)),
      stockChanged(product.id, stock, stock.available, 'CREATED', now),
    ]),
  ]));
  return { product, stock };
}

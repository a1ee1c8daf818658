import type { CatalogDeps } from '../../catalog.deps';
import { productNotFound, stockCeiling } from '../../domain/catalog-errors';
import { stockChanged } from '../../events';
import type { ProductWithStock } from '../create-product/create-product.handler';
import type { RestockProductInput } from './restock-product.input';

/** An atomic increment, not a version check: restocks during a sale must not conflict with buyers. */
export async function restockProduct(deps: CatalogDeps, input: RestockProductInput): Promise<ProductWithStock> {
  const now = deps.clock.now();
  return deps.transactions.withTransaction(async (tx) => {
    const [product, stock] = await Promise.all([
      deps.products.load(tx, input.productId),
      deps.stock.adjust(tx, input.productId, input.quantity),
    ]);
    if (!product) throw productNotFound('productId');
    if (!stock) throw stockCeiling();
    await deps.outbox.append(tx, [stockChanged(product.id, stock, input.quantity, 'RESTOCKED', now)]);
    return { product, stock };
  });
}

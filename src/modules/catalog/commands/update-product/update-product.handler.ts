import { makeEvent } from '../../../../shared/event';
import type { CatalogDeps } from '../../catalog.deps';
import { productNotFound, versionConflict } from '../../domain/catalog-errors';
import { editProduct, productSnapshot } from '../../domain/product';
import { PRODUCT_AGGREGATE, type ProductUpdated } from '../../events';
import type { ProductWithStock } from '../create-product/create-product.handler';
import type { UpdateProductInput } from './update-product.input';

/** Optimistic: the edit applies only on top of the version the admin read. */
export async function updateProduct(deps: CatalogDeps, input: UpdateProductInput): Promise<ProductWithStock> {
  const now = deps.clock.now();
  return deps.transactions.withTransaction(async (tx) => {
    const [current, stock] = await Promise.all([deps.products.load(tx, input.id), deps.stock.level(tx, input.id)]);
    if (!current || !stock) throw productNotFound('id');
    if (current.version !== input.expectedVersion) throw versionConflict(current.version);
    const { product, changed } = editProduct(current, {
      name: input.name?.trim(), description: input.description, category: input.category?.trim(), price: input.price,
    }, now);
    if (changed.length === 0) return { product, stock };
    const [written] = await Promise.all([
      deps.products.update(tx, current.version, product), // WHERE version = expected: a racing edit loses here
      deps.outbox.append(tx, [makeEvent<'ProductUpdated', ProductUpdated['data']>(
        'ProductUpdated', { type: PRODUCT_AGGREGATE, id: product.id, version: product.version }, now, { ...productSnapshot(product), changed },
      )]),
    ]);
    if (!written) throw versionConflict(current.version + 1);
    return { product, stock };
  });
}

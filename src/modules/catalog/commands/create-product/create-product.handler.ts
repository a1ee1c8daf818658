import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { newId } from '../../../../shared/ids';
import { makeEvent } from '../../../../shared/event';
import { appendToOutbox } from '../../../../shared/outbox.entity';
import type { ProductRead } from '../../../../../projections/product/product.read';
import { Product } from '../../domain/product.entity';
import { Stock } from '../../domain/stock.entity';
import { productFromWriteModel, productSnapshot } from '../../domain/product-snapshot';
import { PRODUCT_AGGREGATE, STOCK_AGGREGATE, type ProductCreated, type StockChanged } from '../../events';
import type { CreateProductInput } from './create-product.input';

export async function createProduct(em: EntityManager, clock: Clock, input: CreateProductInput): Promise<ProductRead> {
  const now = clock.now();
  const id = newId(now.getTime());
  return em.transactional(async (tx) => {
    const product = tx.create(Product, {
      id, name: input.name.trim(), description: input.description, category: input.category.trim(),
      price: input.price, createdAt: now, updatedAt: now,
    });
    const stock = tx.create(Stock, { productId: id, available: input.stock });
    appendToOutbox(tx, [
      makeEvent<'ProductCreated', ProductCreated['data']>('ProductCreated', { type: PRODUCT_AGGREGATE, id, version: 1 }, now, productSnapshot(product)),
      makeEvent<'StockChanged', StockChanged['data']>('StockChanged', { type: STOCK_AGGREGATE, id, version: 1 }, now, {
        productId: id, available: input.stock, delta: input.stock, reason: 'CREATED',
      }),
    ]);
    await tx.flush();
    return productFromWriteModel(product, stock);
  });
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { makeEvent } from '../../../../shared/event';
import { appendToOutbox } from '../../../../shared/outbox.entity';
import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import type { ProductRead } from '../../../../../projections/product/product.read';
import { Product } from '../../domain/product.entity';
import { MAX_STOCK } from '../../domain/stock.entity';
import { productFromWriteModel } from '../../domain/product-snapshot';
import { STOCK_AGGREGATE, type StockChanged } from '../../events';
import { adjustStock } from '../../stock.store';
import type { RestockProductInput } from './restock-product.input';

/** An atomic increment, not a version check: restocks during a sale must not conflict with buyers. */
export async function restockProduct(em: EntityManager, clock: Clock, input: RestockProductInput): Promise<ProductRead> {
  return em.transactional(async (tx) => {
    const product = await tx.findOne(Product, { id: input.productId });
    if (!product) throw new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such product', ['input', 'productId'])]);
    const stock = await adjustStock(tx, product.id, input.quantity);
    if (!stock) {
      throw new UserFacingError([userError(ErrorCode.BAD_USER_INPUT, `Stock cannot exceed ${MAX_STOCK} units`, ['input', 'quantity'])]);
    }
    const now = clock.now();
    appendToOutbox(tx, [
      makeEvent<'StockChanged', StockChanged['data']>('StockChanged', { type: STOCK_AGGREGATE, id: product.id, version: stock.version }, now, {
        productId: product.id, available: stock.available, delta: input.quantity, reason: 'RESTOCKED',
      }),
    ]);
    return productFromWriteModel(product, stock);
  });
}

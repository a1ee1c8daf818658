import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { makeEvent } from '../../../../shared/event';
import { appendToOutbox } from '../../../../shared/outbox.entity';
import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import type { ProductRead } from '../../../../../projections/product/product.read';
import { Product } from '../../domain/product.entity';
import { Stock } from '../../domain/stock.entity';
import { productFromWriteModel, productSnapshot } from '../../domain/product-snapshot';
import { PRODUCT_AGGREGATE, type ProductUpdated } from '../../events';
import type { UpdateProductInput } from './update-product.input';

const conflict = (actual: number) =>
  new UserFacingError([userError(ErrorCode.CONFLICT, `The product changed meanwhile (now at version ${actual}); read it again`, ['input', 'expectedVersion'])]);

/** Optimistic: the edit applies only on top of the version the admin read. */
export async function updateProduct(em: EntityManager, clock: Clock, input: UpdateProductInput): Promise<ProductRead> {
  try {
    return await em.transactional(async (tx) => {
      const product = await tx.findOne(Product, { id: input.id });
      if (!product) throw new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such product', ['input', 'id'])]);
      if (product.version !== input.expectedVersion) throw conflict(product.version);
      const now = clock.now();
      const changed = product.edit(
        { name: input.name?.trim(), description: input.description, category: input.category?.trim(), price: input.price },
        now,
      );
      if (changed.length > 0) {
        appendToOutbox(tx, [
          makeEvent<'ProductUpdated', ProductUpdated['data']>(
            'ProductUpdated', { type: PRODUCT_AGGREGATE, id: product.id, version: product.version + 1 }, now,
            { ...productSnapshot(product), changed },
          ),
        ]);
        await tx.flush(); // UPDATE … WHERE version = expected: a racing edit loses here
      }
      const stock = await tx.findOneOrFail(Stock, { productId: product.id });
      return productFromWriteModel(product, stock);
    });
  } catch (err) {
    if (err instanceof OptimisticLockError) throw conflict(input.expectedVersion + 1);
    throw err;
  }
}

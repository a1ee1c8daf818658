import { newId } from '../../../../shared/ids';
import { fakeCatalogDeps, fakeWorld, refusal, type FakeWorld } from '../../../../../test/support/fakes';
import { MAX_STOCK, type Product } from '../../domain/product';
import type { StockChanged } from '../../events';
import { restockProduct } from './restock-product.handler';

describe('restockProduct', () => {
  let w: FakeWorld;
  let product: Product;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    product = w.products.seed({ id: newId() }, 5);
  });

  it('given stock of 5, when 20 are added, then it is 25 at the next version with StockChanged RESTOCKED', async () => {
    // when
    const result = await restockProduct(fakeCatalogDeps(w), { productId: product.id, quantity: 20 });

    // then
    expect(result).toEqual({ product, stock: { available: 25, version: 2 } });
    expect(w.stock.available(product.id)).toBe(25);
    expect(w.outbox.ofType<StockChanged>('StockChanged')).toEqual([expect.objectContaining({
      aggregateType: 'Stock', aggregateId: product.id, aggregateVersion: 2, data: { productId: product.id, available: 25, delta: 20, reason: 'RESTOCKED' },
    })]);
  });

  it('given two restocks, then they add up and each event carries its own level and version', async () => {
    await restockProduct(fakeCatalogDeps(w), { productId: product.id, quantity: 1 });
    await restockProduct(fakeCatalogDeps(w), { productId: product.id, quantity: 2 });
    expect(w.outbox.events.map((e) => [e.aggregateVersion, (e as StockChanged).data.available])).toEqual([[2, 6], [3, 8]]);
  });

  it('given an unknown product, then NOT_FOUND on input.productId and nothing is written', async () => {
    const before = w.state();
    const errors = await refusal(restockProduct(fakeCatalogDeps(w), { productId: newId(), quantity: 1 }));
    expect(errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'productId'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given a restock past MAX_STOCK, then BAD_USER_INPUT on input.quantity and the stock stays as it was', async () => {
    // given
    w.stock.seed(product.id, MAX_STOCK - 10);
    const before = w.state();

    // when
    const errors = await refusal(restockProduct(fakeCatalogDeps(w), { productId: product.id, quantity: 11 }));

    // then
    expect(errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'quantity'] })]);
    expect(w.state()).toEqual(before);
    await expect(restockProduct(fakeCatalogDeps(w), { productId: product.id, quantity: 10 })).resolves.toMatchObject({ stock: { available: MAX_STOCK } });
  });
});

import { newId } from '../../../../shared/ids';
import { fakeCatalogDeps, fakeWorld, refusal, type FakeWorld } from '../../../../../test/support/fakes';
import type { ProductUpdated } from '../../events';
import type { Product } from '../../domain/product';
import type { ProductStore } from '../../stores/product.store';
import { updateProduct } from './update-product.handler';

describe('updateProduct', () => {
  let w: FakeWorld;
  let product: Product;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    product = w.products.seed({ id: newId(), name: 'Keyboard', price: 25_000 }, 7);
  });

  it('given the version the admin read, when fields change, then the product moves to version 2 with ProductUpdated naming the changed fields', async () => {
    // when
    const result = await updateProduct(fakeCatalogDeps(w), { id: product.id, expectedVersion: 1, name: ' Mechanical keyboard ', price: 30_000, category: product.category });

    // then
    expect(result.product).toMatchObject({ name: 'Mechanical keyboard', price: 30_000, version: 2, createdAt: product.createdAt });
    expect(result.product.updatedAt).toEqual(w.clock.now());
    expect(result.stock).toEqual({ available: 7, version: 1 });
    expect(w.products.rows.get(product.id)).toEqual(result.product);
    const [event] = w.outbox.ofType<ProductUpdated>('ProductUpdated');
    expect(w.outbox.types()).toEqual(['ProductUpdated']);
    expect(event).toMatchObject({
      aggregateType: 'Product', aggregateId: product.id, aggregateVersion: 2,
      data: { name: 'Mechanical keyboard', price: 30_000, changed: ['name', 'price'], updatedAt: '2026-03-01T09:00:00.000Z' },
    });
  });

  it('given an edit that changes nothing, then the product is answered as it is and nothing is written', async () => {
    const before = w.state();
    const result = await updateProduct(fakeCatalogDeps(w), { id: product.id, expectedVersion: 1, name: 'Keyboard', price: 25_000 });
    expect(result.product).toEqual(product);
    expect(w.state()).toEqual(before);
  });

  it('given an unknown id, then NOT_FOUND on input.id and nothing is written', async () => {
    const before = w.state();
    const errors = await refusal(updateProduct(fakeCatalogDeps(w), { id: newId(), expectedVersion: 1, name: 'X' }));
    expect(errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given a stale expectedVersion, then CONFLICT on input.expectedVersion naming the current version, and nothing is written', async () => {
    // given: someone else's edit already moved it to version 2
    await updateProduct(fakeCatalogDeps(w), { id: product.id, expectedVersion: 1, price: 26_000 });
    const before = w.state();

    // when
    const errors = await refusal(updateProduct(fakeCatalogDeps(w), { id: product.id, expectedVersion: 1, name: 'Late edit' }));

    // then
    expect(errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'expectedVersion'], message: expect.stringContaining('version 2') })]);
    expect(w.state()).toEqual(before);
  });

  it('given an edit that commits between this read and this write, then the conditional update loses with CONFLICT and nothing is written', async () => {
    // given: the row is at version 2 already, but this transaction read it at version 1 (a racing edit committed in between)
    w.products.rows.get(product.id)!.version = 2;
    const before = w.state();
    const products: ProductStore = {
      insert: (tx, p, stock) => w.products.insert(tx, p, stock),
      load: async () => ({ ...product, version: 1 }),
      update: (tx, fromVersion, p) => w.products.update(tx, fromVersion, p),
      prices: (tx, ids) => w.products.prices(tx, ids),
    };
    const stale = { ...fakeCatalogDeps(w), products };

    // when
    const errors = await refusal(updateProduct(stale, { id: product.id, expectedVersion: 1, name: 'Lost update' }));

    // then
    expect(errors).toEqual([expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('version 2') })]);
    expect(w.state()).toEqual(before);
    expect(w.outbox.events).toEqual([]);
  });
});

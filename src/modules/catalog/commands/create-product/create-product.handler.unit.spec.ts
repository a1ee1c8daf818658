import { fakeCatalogDeps, fakeWorld, type FakeWorld } from '../../../../../test/support/fakes';
import type { ProductCreated, StockChanged } from '../../events';
import { createProduct } from './create-product.handler';

const input = { name: '  Keyboard ', description: 'clacky', category: ' input ', price: 25_000, stock: 40 };

describe('createProduct', () => {
  let w: FakeWorld;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
  });

  it('given an admin\'s input, when created, then the product (trimmed, version 1) and its stock are stored in one transaction with ProductCreated and StockChanged', async () => {
    // when
    const { product, stock } = await createProduct(fakeCatalogDeps(w), input);

    // then
    expect(product).toMatchObject({ name: 'Keyboard', category: 'input', description: 'clacky', price: 25_000, version: 1 });
    expect(product.createdAt).toEqual(w.clock.now());
    expect(stock).toEqual({ available: 40, version: 1 });
    expect(w.products.rows.get(product.id)).toEqual(product);
    expect(w.stock.rows.get(product.id)).toEqual({ available: 40, version: 1 });
    expect(w.transactions.history).toEqual([expect.objectContaining({ outcome: 'committed' })]);

    const [created, stockChanged] = w.outbox.events as [ProductCreated, StockChanged];
    expect(w.outbox.types()).toEqual(['ProductCreated', 'StockChanged']);
    expect(created).toMatchObject({
      aggregateType: 'Product', aggregateId: product.id, aggregateVersion: 1, schemaVersion: 1, occurredAt: '2026-03-01T09:00:00.000Z',
      data: { name: 'Keyboard', category: 'input', price: 25_000, createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z' },
    });
    expect(stockChanged).toMatchObject({
      aggregateType: 'Stock', aggregateId: product.id, aggregateVersion: 1, data: { productId: product.id, available: 40, delta: 40, reason: 'CREATED' },
    });
  });

  it('given two products created, then each has its own id and events', async () => {
    const a = await createProduct(fakeCatalogDeps(w), input);
    const b = await createProduct(fakeCatalogDeps(w), { ...input, name: 'Mouse' });
    expect(a.product.id).not.toBe(b.product.id);
    expect(new Set(w.outbox.events.map((e) => e.id)).size).toBe(4);
  });

  it('given the outbox write fails, when created, then nothing is written: no product without its events', async () => {
    // given
    w.outbox.failNextAppend();
    const before = w.state();

    // when / then
    await expect(createProduct(fakeCatalogDeps(w), input)).rejects.toThrow('outbox insert failed');
    expect(w.state()).toEqual(before);
    expect(w.transactions.rollbacks).toBe(1);
  });
});

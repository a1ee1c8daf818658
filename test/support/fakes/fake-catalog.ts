import type { Tx } from '../../../src/shared/tx';
import { MAX_STOCK, type Product, type StockLevel } from '../../../src/modules/catalog/domain/product';
import type { PriceEntry, ProductStore } from '../../../src/modules/catalog/stores/product.store';
import type { StockChange, StockStore } from '../../../src/modules/catalog/stores/stock.store';
import { mapParticipant, statement, type Participant } from './fake-transactions';

/** `stock` in memory: one conditional change per call, never below 0 nor above MAX_STOCK. */
export class FakeStock implements StockStore, Participant {
  readonly rows = new Map<string, StockLevel>();
  private readonly saved = mapParticipant(this.rows);

  adjust(tx: Tx, productId: string, delta: number, options?: { ceiling?: boolean }): Promise<StockLevel | null> {
    return statement(tx, 'stock.adjust', () => this.apply(productId, delta, options?.ceiling !== false));
  }

  adjustAll(tx: Tx, changes: readonly StockChange[], options?: { ceiling?: boolean }): Promise<Array<StockLevel | null>> {
    // One statement per change, issued together in the order given (as pgStock does).
    return Promise.all(changes.map((c) => this.adjust(tx, c.productId, c.delta, options)));
  }

  level(tx: Tx, productId: string): Promise<StockLevel | null> {
    return statement(tx, 'stock.level', () => this.rows.get(productId) ?? null);
  }

  /** Given: a stock row as if committed earlier (no transaction). */
  seed(productId: string, available: number, version = 1): this {
    this.rows.set(productId, { available, version });
    return this;
  }

  /** The committed level, for assertions. */
  available(productId: string): number | undefined {
    return this.rows.get(productId)?.available;
  }

  /** The product insert's half of the row (products and stock are written together). */
  insertRow(productId: string, available: number): void {
    if (this.rows.has(productId)) throw new Error(`duplicate key value violates unique constraint "stock_pkey" (${productId})`);
    if (!Number.isInteger(available) || available < 0) throw new Error('new row for relation "stock" violates check constraint "stock_available_check"');
    this.rows.set(productId, { available, version: 1 });
  }

  private apply(productId: string, delta: number, ceiling: boolean): StockLevel | null {
    const row = this.rows.get(productId);
    if (!row) return null;
    const next = row.available + delta;
    if (next < 0 || (ceiling && next > MAX_STOCK)) return null;
    row.available = next;
    row.version += 1;
    return { ...row };
  }

  snapshot(): unknown {
    return this.saved.snapshot();
  }

  restore(saved: unknown): void {
    this.saved.restore(saved);
  }
}

/** `products` in memory: insert with its stock row, optimistic update on `fromVersion`. */
export class FakeProducts implements ProductStore, Participant {
  readonly rows = new Map<string, Product>();
  private readonly saved = mapParticipant(this.rows);

  constructor(private readonly stock: FakeStock) {}

  insert(tx: Tx, product: Product, stock: number): Promise<void> {
    return statement(tx, 'products.insert', () => {
      if (this.rows.has(product.id)) throw new Error(`duplicate key value violates unique constraint "products_pkey" (${product.id})`);
      if (product.price < 0) throw new Error('new row for relation "products" violates check constraint "products_price_check"');
      this.stock.insertRow(product.id, stock);
      this.rows.set(product.id, structuredClone(product));
    });
  }

  load(tx: Tx, id: string): Promise<Product | null> {
    return statement(tx, 'products.load', () => this.rows.get(id) ?? null);
  }

  update(tx: Tx, fromVersion: number, p: Product): Promise<boolean> {
    return statement(tx, 'products.update', () => {
      const row = this.rows.get(p.id);
      if (!row || row.version !== fromVersion) return false;
      if (p.price < 0) throw new Error('new row for relation "products" violates check constraint "products_price_check"');
      // Exactly the columns pgProducts.update sets (id and createdAt stay).
      Object.assign(row, { name: p.name, description: p.description, category: p.category, price: p.price, version: p.version, updatedAt: new Date(p.updatedAt) });
      return true;
    });
  }

  prices(tx: Tx, ids: readonly string[]): Promise<PriceEntry[]> {
    return statement(tx, 'products.prices', () => [...new Set(ids)]
      .map((id) => this.rows.get(id))
      .filter((p): p is Product => p !== undefined)
      .map(({ id, name, price }) => ({ id, name, price })));
  }

  /** Given: a product and its stock as if committed earlier (no transaction). */
  seed(overrides: Partial<Product> & { id: string }, available = 10): Product {
    const at = new Date('2026-01-01T00:00:00.000Z');
    const product: Product = {
      name: 'Keyboard', description: 'clacky', category: 'input', price: 1_000, version: 1, createdAt: at, updatedAt: at, ...overrides,
    };
    this.rows.set(product.id, structuredClone(product));
    this.stock.seed(product.id, available);
    return product;
  }

  snapshot(): unknown {
    return this.saved.snapshot();
  }

  restore(saved: unknown): void {
    this.saved.restore(saved);
  }
}

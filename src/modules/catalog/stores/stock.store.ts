import type { Tx } from '../../../shared/tx';
import { MAX_STOCK, type StockLevel } from '../domain/product';

export interface StockChange {
  productId: string;
  delta: number;
}

/**
 * The Stock aggregate (`stock`), a hot row in a sale: changed only by ONE conditional UPDATE
 * per product (`available + delta between 0 and MAX_STOCK`, version + 1), so there is no read,
 * no retry, and the row stays locked only from that statement to commit.
 */
export interface StockStore {
  /**
   * The level after the change, or null when it would go below zero or above the ceiling.
   * `ceiling: false` for units coming back (a released hold, a refund): they were taken from
   * this stock, so they always fit back. Refusing them stalled order expiry for everyone.
   */
  adjust(tx: Tx, productId: string, delta: number, options?: { ceiling?: boolean }): Promise<StockLevel | null>;
  /**
   * Several products at once, issued together (one round trip) in the order given — callers
   * pass them sorted by productId, so concurrent orders lock rows in one order and cannot
   * deadlock. One level (or null) per change.
   */
  adjustAll(tx: Tx, changes: readonly StockChange[], options?: { ceiling?: boolean }): Promise<Array<StockLevel | null>>;
  level(tx: Tx, productId: string): Promise<StockLevel | null>;
}

export const pgStock: StockStore = {
  async adjust(tx, productId, delta, options) {
    const ceiling = options?.ceiling === false ? null : MAX_STOCK;
    const rows = await tx.query<StockLevel>(
      `update stock set available = available + $1, version = version + 1
       where product_id = $2 and available + $1 >= 0 and ($3::int is null or available + $1 <= $3)
       returning available, version`,
      [delta, productId, ceiling],
    );
    return rows[0] ?? null;
  },

  adjustAll(tx, changes, options) {
    return Promise.all(changes.map((c) => pgStock.adjust(tx, c.productId, c.delta, options)));
  },

  async level(tx, productId) {
    const rows = await tx.query<StockLevel>('select available, version from stock where product_id = $1', [productId]);
    return rows[0] ?? null;
  },
};

import type { EntityManager } from '@mikro-orm/postgresql';
import { MAX_STOCK } from './domain/stock.entity';

export interface StockState {
  available: number;
  version: number;
}

/**
 * Adds `delta` (negative to take) to a product's stock in one conditional UPDATE: the row lock
 * is held only for the statement, and a take that would go below zero (or a restock above the
 * ceiling) matches no row instead of failing late. Returns null when it did not apply.
 */
export async function adjustStock(em: EntityManager, productId: string, delta: number): Promise<StockState | null> {
  const rows: StockState[] = await em.execute(
    `update stock set available = available + ?, version = version + 1
     where product_id = ? and available + ? between 0 and ?
     returning available, version`,
    [delta, productId, delta, MAX_STOCK],
  );
  return rows[0] ?? null;
}

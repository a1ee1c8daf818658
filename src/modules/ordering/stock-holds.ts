import { executeOnlyEntityManager, type Sql } from '../../shared/sql';
import { adjustStockRecorded } from '../catalog/stock.store';
import type { StockChanged } from '../catalog/events';
import type { OrderLine } from './domain/order';

/**
 * Takes each line's quantity from stock: one conditional UPDATE per product that also writes
 * its StockChanged event (catalog's adjustStockRecorded) — no read, no retry, and a hot
 * product's row stays locked only from this statement to commit. Lines come sorted by
 * productId, so concurrent orders lock rows in the same order and cannot deadlock.
 * Returns the events written, or the first line that could not be held.
 */
export async function holdStock(
  sql: Sql, lines: OrderLine[], now: Date,
): Promise<{ events: StockChanged[]; short: null } | { events: null; short: OrderLine }> {
  const em = executeOnlyEntityManager(sql);
  const events: StockChanged[] = [];
  for (const line of lines) {
    const held = await adjustStockRecorded(em, line.productId, -line.quantity, 'HELD', now);
    if (!held) return { events: null, short: line };
    events.push(held.event);
  }
  return { events, short: null };
}

/** Puts units back (a released hold or a returned sale), per product in productId order, events included. */
export async function putBackStock(sql: Sql, quantities: Map<string, number>, reason: 'RELEASED' | 'RETURNED', now: Date): Promise<StockChanged[]> {
  const em = executeOnlyEntityManager(sql);
  const events: StockChanged[] = [];
  for (const productId of [...quantities.keys()].sort()) {
    const quantity = quantities.get(productId)!;
    const back = await adjustStockRecorded(em, productId, quantity, reason, now);
    if (!back) throw new Error(`cannot put ${quantity} units back on product ${productId}: stock ceiling`);
    events.push(back.event);
  }
  return events;
}

/** Units per product over one or many orders' lines. */
export function quantitiesOf(lines: Iterable<OrderLine>): Map<string, number> {
  const total = new Map<string, number>();
  for (const line of lines) total.set(line.productId, (total.get(line.productId) ?? 0) + line.quantity);
  return total;
}

import { makeEvent } from '../../shared/event';
import { executeOnlyEntityManager, type Sql } from '../../shared/sql';
import { adjustStock } from '../catalog/stock.store';
import { STOCK_AGGREGATE, type StockChanged } from '../catalog/events';
import type { OrderLine } from './domain/order';

type Reason = StockChanged['data']['reason'];

function stockChanged(productId: string, state: { available: number; version: number }, delta: number, reason: Reason, now: Date): StockChanged {
  return makeEvent<'StockChanged', StockChanged['data']>(
    'StockChanged', { type: STOCK_AGGREGATE, id: productId, version: state.version }, now, { productId, available: state.available, delta, reason },
  );
}

/**
 * Takes each line's quantity from stock with catalog's adjustStock: one conditional UPDATE per
 * product (no read, no retry; a hot product's row is locked only from this statement to commit).
 * Lines come sorted by productId, so concurrent orders lock rows in the same order and cannot
 * deadlock. Returns the StockChanged events, or the first line that could not be held.
 */
export async function holdStock(
  sql: Sql, lines: OrderLine[], now: Date,
): Promise<{ events: StockChanged[]; short: null } | { events: null; short: OrderLine }> {
  const em = executeOnlyEntityManager(sql);
  const events: StockChanged[] = [];
  for (const line of lines) {
    const state = await adjustStock(em, line.productId, -line.quantity);
    if (!state) return { events: null, short: line };
    events.push(stockChanged(line.productId, state, -line.quantity, 'HELD', now));
  }
  return { events, short: null };
}

/** Puts units back (a released hold or a returned sale), per product in productId order. */
export async function putBackStock(sql: Sql, quantities: Map<string, number>, reason: 'RELEASED' | 'RETURNED', now: Date): Promise<StockChanged[]> {
  const em = executeOnlyEntityManager(sql);
  const events: StockChanged[] = [];
  for (const productId of [...quantities.keys()].sort()) {
    const quantity = quantities.get(productId)!;
    const state = await adjustStock(em, productId, quantity);
    if (!state) throw new Error(`cannot put ${quantity} units back on product ${productId}: stock ceiling`);
    events.push(stockChanged(productId, state, quantity, reason, now));
  }
  return events;
}

/** Units per product over one or many orders' lines. */
export function quantitiesOf(lines: Iterable<OrderLine>): Map<string, number> {
  const total = new Map<string, number>();
  for (const line of lines) total.set(line.productId, (total.get(line.productId) ?? 0) + line.quantity);
  return total;
}

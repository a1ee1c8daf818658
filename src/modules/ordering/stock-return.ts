import type { Tx } from '../../shared/tx';
import { stockChanged, type StockChanged, type StockStore } from '../catalog';
import type { OrderLine } from './domain/order';

/** Units per product over one or many orders' lines, in productId order (the order stock rows are locked in). */
export function quantitiesOf(lines: Iterable<OrderLine>): Array<{ productId: string; quantity: number }> {
  const total = new Map<string, number>();
  for (const line of lines) total.set(line.productId, (total.get(line.productId) ?? 0) + line.quantity);
  return [...total.keys()].sort().map((productId) => ({ productId, quantity: total.get(productId)! }));
}

/** Puts units back (a released hold or a returned sale); the StockChanged events to append. */
export async function putBackStock(
  stock: StockStore, tx: Tx, lines: Iterable<OrderLine>, reason: 'RELEASED' | 'RETURNED', now: Date,
): Promise<StockChanged[]> {
  const quantities = quantitiesOf(lines);
  // No ceiling: units that were taken always go back, whatever an admin restocked meanwhile.
  const levels = await stock.adjustAll(tx, quantities.map((q) => ({ productId: q.productId, delta: q.quantity })), { ceiling: false });
  return quantities.map(({ productId, quantity }, i) => {
    const level = levels[i];
    if (!level) throw new Error(`cannot put ${quantity} units back on product ${productId}: no stock row`);
    return stockChanged(productId, level, quantity, reason, now);
  });
}

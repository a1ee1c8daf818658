import type { Pool } from 'pg';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { makeEvent, subjectOf, type DomainEvent } from '../../src/shared/event';
import { newId } from '../../src/shared/ids';
import { subjectPrefix } from '../../src/infrastructure/nats/nats';
import { eventually } from './test-app';

/** Order events with chosen items and times, for the popular-products read model's tests. */
export interface SaleLine {
  productId: string;
  quantity: number;
  unitPrice: number;
}

export interface Sale {
  orderId: string;
  paidAt: Date;
  lines: SaleLine[];
  paid: DomainEvent;
}

const itemsOf = (lines: SaleLine[]) => lines.map((l) => ({
  productId: l.productId, productName: `product ${l.productId.slice(-4)}`, unitPrice: l.unitPrice, quantity: l.quantity,
  lineTotal: l.unitPrice * l.quantity,
}));

export function paidSale(lines: SaleLine[], paidAt: Date, userId = newId()): Sale {
  const orderId = newId(paidAt.getTime());
  const total = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  const paid = makeEvent('OrderPaid', { type: 'Order', id: orderId, version: 2 }, paidAt, {
    userId, previousStatus: 'PENDING', status: 'PAID', paymentId: newId(), amount: total, paidAt: paidAt.toISOString(), items: itemsOf(lines),
  });
  return { orderId, paidAt, lines, paid };
}

/** Cancellation of a paid order (refund), some time after payment. */
export function cancelPaid(sale: Sale, cancelledAt: Date): DomainEvent {
  const total = sale.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  return makeEvent('OrderCancelled', { type: 'Order', id: sale.orderId, version: 3 }, cancelledAt, {
    userId: (sale.paid.data as { userId: string }).userId, previousStatus: 'PAID', status: 'CANCELLED',
    cancelledAt: cancelledAt.toISOString(), paidAt: sale.paidAt.toISOString(), refundedAmount: total, items: itemsOf(sale.lines),
  });
}

/** Cancellation before payment: must not touch the ranking. */
export function cancelPending(lines: SaleLine[], at: Date): DomainEvent {
  return makeEvent('OrderCancelled', { type: 'Order', id: newId(at.getTime()), version: 2 }, at, {
    userId: newId(), previousStatus: 'PENDING', status: 'CANCELLED', cancelledAt: at.toISOString(), paidAt: null,
    refundedAmount: 0, items: itemsOf(lines),
  });
}

/** As a command handler would: outbox rows, published by the relay. One statement for many. */
export async function appendToOutboxRows(pool: Pool, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await pool.query(
    'insert into outbox (id, subject, event) select * from unnest($1::uuid[], $2::text[], $3::jsonb[])',
    [events.map((e) => e.id), events.map(subjectOf), events.map((e) => JSON.stringify(e))],
  );
}

/**
 * Publishes events again straight to JetStream under new message ids, as a republish after the
 * stream's duplicate window would: the projector sees the same event ids a second time.
 */
export async function republish(nc: NatsConnection, stream: string, events: DomainEvent[]): Promise<void> {
  const js = jetstream(nc);
  await Promise.all(events.map((event) => {
    const h = headers();
    h.set('Content-Type', 'application/json');
    return js.publish(`${subjectPrefix(stream)}.${subjectOf(event)}`, JSON.stringify(event), { msgID: newId(), headers: h });
  }));
}

export interface Expected {
  byProduct: Map<string, { sold: number; revenue: number }>;
  orders: number;
}

/** The GROUP BY the ranking must equal: paid lines in [firstDay, lastDay] minus those cancelled after payment. */
export function expectedSales(sales: Sale[], cancelled: Set<string>, firstDay: string, lastDay: string): Expected {
  const byProduct = new Map<string, { sold: number; revenue: number }>();
  let orders = 0;
  for (const sale of sales) {
    const day = sale.paidAt.toISOString().slice(0, 10);
    if (cancelled.has(sale.orderId) || day < firstDay || day > lastDay) continue;
    orders += 1;
    for (const line of sale.lines) {
      const row = byProduct.get(line.productId) ?? { sold: 0, revenue: 0 };
      row.sold += line.quantity;
      row.revenue += line.quantity * line.unitPrice;
      byProduct.set(line.productId, row);
    }
  }
  return { byProduct, orders };
}

/** Ranked as the API ranks: quantity desc, revenue desc, product id asc. */
export function rank(expected: Expected): Array<{ productId: string; sold: number; revenue: number; rank: number }> {
  return [...expected.byProduct.entries()]
    .filter(([, v]) => v.sold > 0)
    .map(([productId, v]) => ({ productId, ...v }))
    .sort((a, b) => b.sold - a.sold || b.revenue - a.revenue || (a.productId < b.productId ? -1 : 1))
    .map((row, i) => ({ ...row, rank: i + 1 }));
}

/** Waits until the outbox is drained and the popular projection has nothing pending or unacked. */
export async function popularProjected(pool: Pool, nc: NatsConnection, stream: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await eventually(async () => {
    const { rows } = await pool.query('select count(*)::int as n from outbox where published_at is null');
    if (rows[0].n > 0) return false;
    const info = await jsm.consumers.info(stream, 'popular');
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }, 30_000, 'popular projection caught up');
}

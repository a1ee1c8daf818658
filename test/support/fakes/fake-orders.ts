import type { Tx } from '../../../src/shared/tx';
import type { Order } from '../../../src/modules/ordering/domain/order';
import type { OrderStore } from '../../../src/modules/ordering/order.store';
import { mapParticipant, statement, type Participant } from './fake-transactions';

/** What the orders + order_items rows hold (the payment shown on an order is derived from payment_id, as toOrder does). */
export interface FakeOrderRow extends Omit<Order, 'payment'> {
  paymentId: string | null;
}

const STATUSES = ['PENDING', 'PAID', 'CANCELLED', 'EXPIRED'];
const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

function toOrder(row: FakeOrderRow): Order {
  const { paymentId, ...rest } = structuredClone(row);
  return {
    ...rest,
    items: [...rest.items].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0)),
    payment: paymentId ? { id: paymentId, amount: row.total, paidAt: iso(row.paidAt)! } : null,
  };
}

/**
 * orders in memory with pgOrders' semantics: `lock` reads (transactions run one at a time, so a
 * lock is implied), `transition` writes status / paidAt / cancelledAt / version / payment id only
 * if the row is still at `fromVersion`, `expire` moves only PENDING rows. Inserts check the
 * table's constraints (totals, statuses, one line per product).
 */
export class FakeOrders implements OrderStore, Participant {
  readonly rows = new Map<string, FakeOrderRow>();
  private readonly saved = mapParticipant(this.rows);

  insert(tx: Tx, order: Order): Promise<void> {
    return statement(tx, 'orders.insert', () => {
      this.check(order);
      if (this.rows.has(order.id)) throw new Error(`duplicate key value violates unique constraint "orders_pkey" (${order.id})`);
      const products = new Set(order.items.map((i) => i.productId));
      if (products.size !== order.items.length) throw new Error('duplicate key value violates unique constraint "order_items_pkey"');
      for (const i of order.items) {
        if (i.quantity <= 0 || i.unitPrice < 0 || i.lineTotal !== i.unitPrice * i.quantity) throw new Error('order_items violates a check constraint');
      }
      const { payment, ...rest } = structuredClone(order);
      this.rows.set(order.id, {
        ...rest, cancelledAt: null, // insert writes no cancelled_at
        expiresAt: iso(order.expiresAt)!, createdAt: iso(order.createdAt)!, paidAt: iso(order.paidAt), paymentId: payment?.id ?? null,
      });
    });
  }

  lock(tx: Tx, id: string): Promise<Order | null> {
    return statement(tx, 'orders.lock', () => {
      const row = this.rows.get(id);
      return row ? toOrder(row) : null;
    });
  }

  lockOverdue(tx: Tx, now: Date, limit: number): Promise<Order[]> {
    return statement(tx, 'orders.lockOverdue', () => [...this.rows.values()]
      .filter((o) => o.status === 'PENDING' && Date.parse(o.expiresAt) <= now.getTime())
      .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))
      .slice(0, limit)
      .map(toOrder));
  }

  transition(tx: Tx, fromVersion: number, order: Order): Promise<boolean> {
    return statement(tx, 'orders.transition', () => {
      const row = this.rows.get(order.id);
      if (!row || row.version !== fromVersion) return false;
      if (!STATUSES.includes(order.status)) throw new Error('new row for relation "orders" violates check constraint "orders_status_known"');
      Object.assign(row, {
        status: order.status, paidAt: iso(order.paidAt), cancelledAt: iso(order.cancelledAt), version: order.version,
        paymentId: order.payment?.id ?? null,
      });
      return true;
    });
  }

  expire(tx: Tx, ids: readonly string[]): Promise<number> {
    return statement(tx, 'orders.expire', () => {
      let moved = 0;
      for (const id of new Set(ids)) {
        const row = this.rows.get(id);
        if (row?.status !== 'PENDING') continue;
        row.status = 'EXPIRED';
        row.version += 1;
        moved += 1;
      }
      return moved;
    });
  }

  /** Given: an order as if placed earlier (no transaction). */
  seed(order: Order): Order {
    const { payment, ...rest } = structuredClone(order);
    this.rows.set(order.id, { ...rest, paymentId: payment?.id ?? null });
    return order;
  }

  /** The committed order, for assertions. */
  get(id: string): Order | null {
    const row = this.rows.get(id);
    return row ? toOrder(row) : null;
  }

  private check(o: Order): void {
    const fail = (name: string) => new Error(`new row for relation "orders" violates check constraint "${name}"`);
    if (!STATUSES.includes(o.status)) throw fail('orders_status_known');
    if (o.subtotal < 0) throw fail('orders_subtotal_check');
    if (o.discount < 0 || o.discount > o.subtotal) throw fail('orders_discount_check');
    if (o.total !== o.subtotal - o.discount) throw fail('orders_total_check');
  }

  snapshot(): unknown {
    return this.saved.snapshot();
  }

  restore(saved: unknown): void {
    this.saved.restore(saved);
  }
}

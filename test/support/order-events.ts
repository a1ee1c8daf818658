import type { Pool } from 'pg';
import { makeEvent, subjectOf, type DomainEvent } from '../../src/shared/event';
import { newId } from '../../src/shared/ids';
import { PgTransactions } from '../../src/shared/tx';

/**
 * Order events written straight to the outbox, as the ordering handlers would in their
 * transaction: for testing consumers (exporter, live fan-out) on their own. The relay publishes them.
 */
export async function appendEvents(pool: Pool, events: DomainEvent[]): Promise<void> {
  for (const event of events) {
    await pool.query('insert into outbox (id, subject, event) values ($1, $2, $3)', [event.id, subjectOf(event), JSON.stringify(event)]);
  }
}

const items = [{ productId: newId(), productName: 'Keyboard', unitPrice: 25_000, quantity: 1, lineTotal: 25_000 }];

export function orderPaid(orderId: string, userId: string, version = 2, at = new Date()): DomainEvent {
  return makeEvent('OrderPaid', { type: 'Order', id: orderId, version }, at, {
    userId, previousStatus: 'PENDING', status: 'PAID', paymentId: newId(), amount: 25_000, paidAt: at.toISOString(), items,
  });
}

export function orderPlaced(orderId: string, userId: string, at = new Date()): DomainEvent {
  return makeEvent('OrderPlaced', { type: 'Order', id: orderId, version: 1 }, at, {
    userId, status: 'PENDING', items, subtotal: 25_000, discount: 0, total: 25_000, couponId: null,
    expiresAt: new Date(at.getTime() + 600_000).toISOString(),
  });
}

export function orderCancelled(orderId: string, userId: string, version: number, at = new Date()): DomainEvent {
  return makeEvent('OrderCancelled', { type: 'Order', id: orderId, version }, at, {
    userId, previousStatus: 'PAID', status: 'CANCELLED', cancelledAt: at.toISOString(), paidAt: at.toISOString(), refundedAmount: 25_000, items,
  });
}

/**
 * An order row as the ordering handlers write it (brief's contract), plus its OrderPlaced event,
 * in one transaction. Returns the order id.
 */
export async function insertPendingOrder(pool: Pool, userId: string): Promise<string> {
  const orderId = newId();
  const now = new Date();
  await new PgTransactions(pool).withTransaction(async (tx) => {
    await tx.query(
      `insert into orders (id, user_id, status, subtotal, discount, total, expires_at, created_at, version)
       values ($1, $2, 'PENDING', 25000, 0, 25000, $3, $4, 1)`,
      [orderId, userId, new Date(now.getTime() + 600_000), now],
    );
    const event = orderPlaced(orderId, userId, now);
    await tx.query('insert into outbox (id, subject, event) values ($1, $2, $3)', [event.id, subjectOf(event), JSON.stringify(event)]);
  });
  return orderId;
}

/** Moves the order row to PAID or CANCELLED and appends the matching event, as the handlers would. */
export async function changeOrderStatus(pool: Pool, orderId: string, userId: string, to: 'PAID' | 'CANCELLED'): Promise<DomainEvent> {
  return new PgTransactions(pool).withTransaction(async (tx) => {
    const rows = await tx.query<{ version: number }>(
      `update orders set status = $2, version = version + 1,
         paid_at = case when $2 = 'PAID' then now() else paid_at end,
         cancelled_at = case when $2 = 'CANCELLED' then now() else cancelled_at end
       where id = $1 returning version`,
      [orderId, to],
    );
    const version = rows[0].version;
    const event = to === 'PAID' ? orderPaid(orderId, userId, version) : orderCancelled(orderId, userId, version);
    await tx.query('insert into outbox (id, subject, event) values ($1, $2, $3)', [event.id, subjectOf(event), JSON.stringify(event)]);
    return event;
  });
}

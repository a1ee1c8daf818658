import type { Cte, Sql } from '../../shared/sql';
import type { Order } from './domain/order';

/**
 * Persistence of the Order aggregate in plain SQL (orders + order_items; the payment is the
 * wallet's PAYMENT ledger row). Status changes are decided on a row locked with FOR UPDATE and
 * written with the version that was read in the WHERE clause, so a lost update cannot happen
 * even by mistake. Writes come as CTEs, to be merged into a command's one write statement.
 */
export const ORDER_COLUMNS = `o.id, o.user_id as "userId", o.status, o.subtotal, o.discount, o.total, o.coupon_id as "couponId",
  o.expires_at as "expiresAt", o.created_at as "createdAt", o.paid_at as "paidAt", o.cancelled_at as "cancelledAt", o.version,
  (select json_agg(json_build_object('productId', i.product_id, 'productName', i.product_name, 'unitPrice', i.unit_price,
     'quantity', i.quantity, 'lineTotal', i.line_total) order by i.product_id)
   from order_items i where i.order_id = o.id) as items,
  (select json_build_object('id', t.id, 'amount', -t.amount, 'paidAt', t.created_at)
   from wallet_transactions t where t.order_id = o.id and t.type = 'PAYMENT') as payment`;

const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).toISOString());

export function toOrder(row: Record<string, unknown>): Order {
  const payment = row.payment as { id: string; amount: number; paidAt: string } | null;
  return {
    id: row.id as string,
    userId: row.userId as string,
    status: row.status as Order['status'],
    items: (row.items as Order['items'] | null) ?? [],
    subtotal: row.subtotal as number,
    discount: row.discount as number,
    total: row.total as number,
    couponId: (row.couponId as string | null) ?? null,
    expiresAt: iso(row.expiresAt)!,
    createdAt: iso(row.createdAt)!,
    paidAt: iso(row.paidAt),
    cancelledAt: iso(row.cancelledAt),
    version: row.version as number,
    payment: payment ? { id: payment.id, amount: payment.amount, paidAt: iso(payment.paidAt)! } : null,
  };
}

/** The order row and its items (CTEs `new_order`, `new_order_items`). */
export function insertOrderCtes(order: Order): Cte[] {
  return [
    ['new_order', {
      text: `insert into orders (id, user_id, status, subtotal, discount, total, coupon_id, expires_at, created_at, paid_at, version)
             values (?::uuid, ?::uuid, ?::text, ?::int, ?::int, ?::int, ?::uuid, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::int)`,
      params: [
        order.id, order.userId, order.status, order.subtotal, order.discount, order.total, order.couponId,
        order.expiresAt, order.createdAt, order.paidAt, order.version,
      ],
    }],
    ['new_order_items', {
      text: `insert into order_items (order_id, product_id, product_name, unit_price, quantity, line_total)
             select ?::uuid, x."productId", x."productName", x."unitPrice", x.quantity, x."lineTotal"
             from jsonb_to_recordset(?::jsonb) as x("productId" uuid, "productName" text, "unitPrice" int, quantity int, "lineTotal" int)`,
      params: [order.id, JSON.stringify(order.items)],
    }],
  ];
}

/** A status change decided on a locked row; `fromVersion` is the version that was read (CTE `order_update`). */
export function transitionCte(fromVersion: number, order: Order): Cte {
  return ['order_update', {
    text: 'update orders set status = ?, paid_at = ?, cancelled_at = ?, version = ? where id = ? and version = ? returning 1',
    params: [order.status, order.paidAt, order.cancelledAt, order.version, order.id, fromVersion],
  }];
}

/** Many locked PENDING orders to EXPIRED at once (CTE `order_update`). */
export function expireCte(ids: readonly string[]): Cte {
  return ['order_update', {
    text: `update orders set status = 'EXPIRED', version = version + 1 where id = any(?::uuid[]) and status = 'PENDING' returning 1`,
    params: [ids],
  }];
}

export const UPDATED_COUNT = { text: 'select (select count(*)::int from order_update) as updated', params: [] };

/** Reads an order and locks its row until commit: pay, cancel and expiry of one order take turns. */
export async function lockOrder(sql: Sql, id: string): Promise<Order | null> {
  const rows = await sql.execute(`select ${ORDER_COLUMNS} from orders o where o.id = ? for update of o`, [id]);
  return rows[0] ? toOrder(rows[0]) : null;
}

/** PENDING orders past their deadline, locked; rows another worker holds are skipped, not waited for. */
export async function lockOverdueOrders(sql: Sql, now: Date, limit: number): Promise<Order[]> {
  const rows = await sql.execute(
    `select ${ORDER_COLUMNS} from orders o where o.status = 'PENDING' and o.expires_at <= ?
     order by o.expires_at limit ? for update of o skip locked`,
    [now, limit],
  );
  return rows.map(toOrder);
}

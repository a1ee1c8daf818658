import type { Tx } from '../../shared/tx';
import type { Order } from './domain/order';

/**
 * Persistence of the Order aggregate (orders + order_items; the payment shown on an order is the
 * wallet's PAYMENT ledger row, read here). Status changes are decided on a row locked with FOR
 * UPDATE and written with the version that was read in the WHERE clause, so a lost update cannot
 * happen even by mistake.
 */
export interface OrderStore {
  insert(tx: Tx, order: Order): Promise<void>;
  /** Reads an order and locks its row until commit: pay, cancel and expiry of one order take turns. */
  lock(tx: Tx, id: string): Promise<Order | null>;
  /** PENDING orders past their deadline, locked; rows another worker holds are skipped, not waited for. */
  lockOverdue(tx: Tx, now: Date, limit: number, skipIds?: readonly string[]): Promise<Order[]>;
  /** A status change decided on a locked row; false if the row was not at `fromVersion`. */
  transition(tx: Tx, fromVersion: number, order: Order): Promise<boolean>;
  /** Locked PENDING orders to EXPIRED; how many moved. */
  expire(tx: Tx, ids: readonly string[]): Promise<number>;
}

export const ORDER_COLUMNS = `o.id, o.user_id as "userId", o.status, o.subtotal, o.discount, o.total, o.coupon_id as "couponId",
  o.expires_at as "expiresAt", o.created_at as "createdAt", o.paid_at as "paidAt", o.cancelled_at as "cancelledAt", o.version,
  (select json_agg(json_build_object('productId', i.product_id, 'productName', i.product_name, 'unitPrice', i.unit_price,
     'quantity', i.quantity, 'lineTotal', i.line_total) order by i.product_id)
   from order_items i where i.order_id = o.id) as items,
  o.payment_id as "paymentId"`;

const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).toISOString());

export function toOrder(row: Record<string, unknown>): Order {
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
    payment: row.paymentId ? { id: row.paymentId as string, amount: row.total as number, paidAt: iso(row.paidAt)! } : null,
  };
}

export const pgOrders: OrderStore = {
  async insert(tx, order) {
    await tx.query(
      `with new_order as (
         insert into orders (id, user_id, status, subtotal, discount, total, coupon_id, expires_at, created_at, paid_at, version, payment_id)
         values ($1::uuid, $2::uuid, $3::text, $4::int, $5::int, $6::int, $7::uuid, $8::timestamptz, $9::timestamptz, $10::timestamptz, $11::int, $13::uuid)
       )
       insert into order_items (order_id, product_id, product_name, unit_price, quantity, line_total)
       select $1::uuid, x."productId", x."productName", x."unitPrice", x.quantity, x."lineTotal"
       from jsonb_to_recordset($12::jsonb) as x("productId" uuid, "productName" text, "unitPrice" int, quantity int, "lineTotal" int)`,
      [
        order.id, order.userId, order.status, order.subtotal, order.discount, order.total, order.couponId,
        order.expiresAt, order.createdAt, order.paidAt, order.version, JSON.stringify(order.items), order.payment?.id ?? null,
      ],
    );
  },

  async lock(tx, id) {
    const rows = await tx.query(`select ${ORDER_COLUMNS} from orders o where o.id = $1 for update of o`, [id]);
    return rows[0] ? toOrder(rows[0]) : null;
  },

  async lockOverdue(tx, now, limit, skipIds = []) {
    const rows = await tx.query(
      `select ${ORDER_COLUMNS} from orders o where o.status = 'PENDING' and o.expires_at <= $1 and o.id <> all($3::uuid[])
       order by o.expires_at limit $2 for update of o skip locked`,
      [now, limit, skipIds],
    );
    return rows.map(toOrder);
  },

  async transition(tx, fromVersion, order) {
    const rows = await tx.query(
      `update orders set status = $1, paid_at = $2, cancelled_at = $3, version = $4, payment_id = $7
       where id = $5 and version = $6 returning 1`,
      [order.status, order.paidAt, order.cancelledAt, order.version, order.id, fromVersion, order.payment?.id ?? null],
    );
    return rows.length === 1;
  },

  async expire(tx, ids) {
    const rows = await tx.query(
      `update orders set status = 'EXPIRED', version = version + 1 where id = any($1::uuid[]) and status = 'PENDING' returning 1`,
      [ids],
    );
    return rows.length;
  },
};

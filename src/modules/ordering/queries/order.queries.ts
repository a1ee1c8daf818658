import type { Pool } from 'pg';
import type { Order, OrderStatusName } from '../domain/order';
import { ORDER_COLUMNS, toOrder } from '../order.store';

/** Orders are read from the write model: exact for their owner right after a change. */
export async function orderById(pool: Pool, id: string): Promise<Order | null> {
  const { rows } = await pool.query(`select ${ORDER_COLUMNS} from orders o where o.id = $1`, [id]);
  return rows[0] ? toOrder(rows[0]) : null;
}

/**
 * Newest first; `after` is the id of the last order seen (ids are time-ordered UUIDv7). The page
 * and its count in ONE statement, so one snapshot: an order placed or paid meanwhile is in both
 * or in neither. One row per order of the page, or a single row with null order columns.
 */
export async function ordersOfUser(pool: Pool, userId: string, first: number, after: string | null, status: OrderStatusName | null) {
  const { rows } = await pool.query(
    `select c.n as "totalCount", p.*
     from (select count(*)::int as n from orders where user_id = $1 and ($2::text is null or status = $2)) c
     left join lateral (
       select ${ORDER_COLUMNS} from orders o
       where o.user_id = $1 and ($2::text is null or o.status = $2) and ($3::uuid is null or o.id < $3)
       order by o.id desc limit $4
     ) p on true
     order by p.id desc`,
    [userId, status, after, first + 1],
  );
  const found = rows.filter((row) => row.id !== null);
  return { items: found.slice(0, first).map(toOrder), hasNextPage: found.length > first, totalCount: rows[0].totalCount as number };
}

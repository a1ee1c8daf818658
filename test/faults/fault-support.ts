import type { Pool } from 'pg';
import type { Nats } from '../../src/infrastructure/nats/nats';
import { eventually } from '../support/test-app';
import { NO_RATE_LIMITS } from '../support/shopper';

/** Apps in fault tests: no rate limits in the way of the load, and few connections (Postgres is shared). */
export const FAULT_ENV = { ...NO_RATE_LIMITS, DATABASE_POOL_MAX: '8' };

/**
 * Load and invariants shared by the fault tests. The invariants read the database only: the
 * read tables must equal what the write model implies, whatever the responses said.
 */

export interface LoadResult<T> {
  ok: T[];
  failed: unknown[];
}

/** Runs `op` in `workers` sequential loops until `stop()` resolves; collects results and errors. */
export function runLoad<T>(workers: number, op: (worker: number, i: number) => Promise<T>) {
  const result: LoadResult<T> = { ok: [], failed: [] };
  let stopping = false;
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; !stopping; i++) {
      try {
        result.ok.push(await op(w, i));
      } catch (err) {
        result.failed.push(err);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  });
  return {
    result,
    /** How many operations have finished so far (ok or not). */
    done: () => result.ok.length + result.failed.length,
    async stop(): Promise<LoadResult<T>> {
      stopping = true;
      await Promise.all(loops);
      return result;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the outbox is empty and every listed durable consumer has taken (acked or parked) all of the stream. */
export async function pipelineCaughtUp(pool: Pool, nats: Nats, consumers: string[], timeoutMs = 30_000): Promise<void> {
  await eventually(async () => {
    const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from outbox where published_at is null');
    if (rows[0].n > 0) return false;
    for (const name of consumers) {
      const info = await nats.jsm.consumers.info(nats.stream, name);
      if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
    }
    return true;
  }, timeoutMs, `outbox drained and consumers ${consumers.join(', ')} caught up`);
}

/** product_read rows that differ from what products + stock say (for the given products). */
export async function productReadMismatches(pool: Pool, productIds: string[]): Promise<unknown[]> {
  const { rows } = await pool.query(
    `select p.id, w.name, w.price, w.version, s.available, s.version as stock_version,
            r.name as read_name, r.price as read_price, r.version as read_version, r.stock as read_stock, r.stock_version as read_stock_version
     from unnest($1::uuid[]) as p(id)
     join products w on w.id = p.id
     join stock s on s.product_id = p.id
     left join product_read r on r.id = p.id
     where r.id is null or r.name <> w.name or r.description <> w.description or r.category <> w.category
        or r.price <> w.price or r.version <> w.version or r.stock <> s.available or r.stock_version <> s.version`,
    [productIds],
  );
  return rows;
}

/**
 * popular_daily rows that differ from the paid orders in the write model (for the given
 * products): a redelivered OrderPaid counted twice shows up here as a larger sold_quantity.
 */
export async function popularMismatches(pool: Pool, productIds: string[]): Promise<unknown[]> {
  const { rows } = await pool.query(
    `with truth as (
       select (o.paid_at at time zone 'UTC')::date as day, i.product_id, sum(i.quantity)::int as quantity, sum(i.line_total)::bigint as revenue
       from orders o join order_items i on i.order_id = o.id
       where o.status = 'PAID' and i.product_id = any($1::uuid[])
       group by 1, 2),
     projected as (
       select day, product_id, sold_quantity as quantity, revenue from popular_daily
       where product_id = any($1::uuid[]) and (sold_quantity <> 0 or revenue <> 0))
     select coalesce(t.day, p.day) as day, coalesce(t.product_id, p.product_id) as product_id,
            t.quantity as truth_quantity, p.quantity as projected_quantity
     from truth t full join projected p on p.day = t.day and p.product_id = t.product_id
     where t.quantity is distinct from p.quantity or t.revenue is distinct from p.revenue`,
    [productIds],
  );
  return rows;
}

/**
 * The rows of a read table for some products, for before/after comparisons. Restricted to the
 * test's own products: the database is shared with tests that publish to their own NATS, whose
 * events a rebuild from the shared stream cannot know.
 */
export async function snapshot(pool: Pool, table: 'product_read' | 'popular_daily', productIds: string[]): Promise<unknown[]> {
  const [key, order] = table === 'product_read' ? ['id', 'id'] : ['product_id', 'day, product_id'];
  return (await pool.query(`select * from ${table} where ${key} = any($1::uuid[]) order by ${order}`, [productIds])).rows;
}

import type { Pool, PoolClient } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OPT_OUT_SQL, outboxWakerOf } from '../infrastructure/orm/outbox-wakeup';

/**
 * Plain SQL on one connection, with `?` placeholders like MikroORM's em.execute (so stores can
 * run on either). The commerce hot paths use it on a pg PoolClient: measured here, a MikroORM
 * transaction costs ~4× the CPU per statement of raw pg, and checkout runs at 1,000/s.
 */
export interface Sql {
  execute<T = Record<string, any>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/** A statement or a CTE body, its `?` placeholders bound by `params` in order. */
export interface Statement {
  text: string;
  params: readonly unknown[];
}

export type Cte = readonly [name: string, body: Statement];

/**
 * `with a as (…), b as (…) <final>`: several writes in one round trip. Every data-modifying
 * CTE runs exactly once whether or not anything reads it, all against one snapshot.
 */
export function withCtes(ctes: readonly Cte[], final: Statement): Statement {
  if (ctes.length === 0) return final;
  return {
    text: `with ${ctes.map(([name, body]) => `${name} as (${body.text})`).join(',\n')}\n${final.text}`,
    params: [...ctes.flatMap(([, body]) => body.params), ...final.params],
  };
}

export const run = <T = Record<string, any>>(sql: Sql, statement: Statement) => sql.execute<T>(statement.text, statement.params);

const positional = new Map<string, string>();

/** `?` → `$1, $2 …` outside single-quoted literals (cached: the texts are constants). */
export function toPositional(text: string): string {
  const cached = positional.get(text);
  if (cached !== undefined) return cached;
  let out = '';
  let n = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  if (positional.size < 2_000) positional.set(text, out);
  return out;
}

export function clientSql(client: PoolClient): Sql {
  return {
    async execute<T>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(toPositional(text), params as unknown[]);
      return result.rows as T[];
    },
  };
}

/** Single statements outside a transaction (autocommit), straight on the pool. */
export function poolSql(pool: Pool): Sql {
  return {
    async execute<T>(text: string, params: readonly unknown[] = []) {
      const result = await pool.query(toPositional(text), params as unknown[]);
      return result.rows as T[];
    },
  };
}

/**
 * BEGIN … COMMIT on one pooled connection; any throw (UserFacingError included) rolls back.
 * On a pool with an outbox waker, outbox rows are announced to the relay after the commit rather
 * than by the trigger inside it, so these commits are not serialized (see outbox-wakeup.ts).
 */
export async function inTransaction<T>(pool: Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const waker = outboxWakerOf(pool);
  let broken = false;
  try {
    await client.query(waker ? `begin; ${OPT_OUT_SQL}` : 'begin');
    const result = await work(clientSql(client));
    await client.query('commit');
    waker?.wake();
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * For ports written against MikroORM's EntityManager that only call `execute` (catalog's
 * adjustStock, coupons' coupon-usage): lets them join a transaction run here. Anything else
 * on the result is absent — such a port must keep to `execute`.
 */
export function executeOnlyEntityManager(sql: Sql): EntityManager {
  return { execute: (text: string, params?: unknown[]) => sql.execute(text, params) } as unknown as EntityManager;
}

import type { Pool, PoolClient, QueryResult } from 'pg';
// pg's own parameter conversion (Date, arrays, JSON…), so an inlined literal equals the bound value.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): string | Buffer | null };
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
 * BEGIN travels with the transaction's first statement, and statements issued in the same tick
 * travel together (see `send`): one round trip and one socket write less per transaction, or
 * more — socket writes were the largest share of a checkout's API CPU on this kind of machine.
 * A transaction that runs no statement sends nothing at all.
 */
export async function inTransaction<T>(pool: Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const waker = outboxWakerOf(pool);
  const begin = waker ? [`begin`, OPT_OUT_SQL] : ['begin'];
  let began = false;
  let broken = false;
  let queue: Queued[] = [];
  let sending: Promise<void> = Promise.resolve();

  /** Sends what is queued (in order, after what was sent before), as one message if it can. */
  const flush = () => {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return sending;
    const prefix = began ? [] : begin;
    began = true;
    sending = sending.then(() => send(client, prefix, batch));
    return sending;
  };
  const sql: Sql = {
    execute<R>(text: string, params: readonly unknown[] = []) {
      return new Promise<R[]>((resolve, reject) => {
        if (queue.push({ text, params, resolve: resolve as (rows: unknown[]) => void, reject }) === 1) queueMicrotask(flush);
      });
    },
  };
  try {
    const result = await work(sql);
    await flush();
    if (began) await client.query('commit');
    if (began) waker?.wake();
    return result;
  } catch (err) {
    await flush();
    if (began) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

interface Queued {
  text: string;
  params: readonly unknown[];
  resolve: (rows: unknown[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Statements a transaction issued in the same tick (e.g. order-placement's writes and its first
 * stock hold), and BEGIN before the first of them, go to Postgres as ONE simple-protocol message
 * with their parameters inlined: Postgres runs them in order and stops at the first error. Each
 * caller gets its own rows; after an error every statement of the batch rejects with it (the
 * transaction is aborted and will roll back either way). Statements that cannot be inlined are
 * bound one by one as before.
 */
async function send(client: PoolClient, prefix: string[], batch: Queued[]): Promise<void> {
  const inlined = batch.map((q) => inlineParams(q.text, q.params));
  try {
    if (inlined.some((text) => text === null) || (prefix.length === 0 && batch.length === 1)) {
      if (prefix.length > 0) await client.query(prefix.join('; '));
      for (const q of batch) {
        try {
          q.resolve((await client.query(toPositional(q.text), q.params as unknown[])).rows);
        } catch (err) {
          for (const rest of batch.slice(batch.indexOf(q))) rest.reject(err);
          return;
        }
      }
      return;
    }
    const raw = (await client.query([...prefix, ...inlined].join(';\n'))) as unknown as QueryResult | QueryResult[];
    const results = Array.isArray(raw) ? raw : [raw];
    if (results.length !== prefix.length + batch.length) {
      throw new Error(`expected ${prefix.length + batch.length} results from a batch of statements, got ${results.length} (one holds several statements?)`);
    }
    batch.forEach((q, i) => q.resolve(results[prefix.length + i].rows));
  } catch (err) {
    for (const q of batch) q.reject(err);
  }
}

/**
 * `?` → each parameter as a literal, escaped exactly as pg's escapeLiteral does (quoteLiteral) after pg's own value
 * conversion (so a literal reads exactly as the bound parameter would), outside single-quoted
 * literals like toPositional (or pg's own `$n`). null — bind the parameters as before, and let
 * Postgres judge the statement — when a parameter is binary (a Buffer) or the placeholders and
 * parameters do not match one to one.
 */
export function inlineParams(text: string, params: readonly unknown[]): string | null {
  const literals: string[] = [];
  for (const param of params) {
    const value = prepareValue(param);
    if (value === null) literals.push('NULL');
    // A NUL would end the message's query string early: such a value is bound (and refused by Postgres as before).
    else if (typeof value === 'string' && !value.includes('\0')) literals.push(quoteLiteral(value));
    else return null;
  }
  const segments = segmentsOf(text);
  if (segments.length === 1 && literals.length > 0) return inlineNumbered(text, literals);
  if (segments.length !== literals.length + 1) return null; // a mismatch: bound as before, Postgres reports it
  let out = segments[0];
  for (let i = 0; i < literals.length; i++) out += literals[i] + segments[i + 1];
  return out;
}

/** pg's escapeLiteral, with native replaces instead of a per-character loop (JSON payloads are long). */
export function quoteLiteral(value: string): string {
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

const segmentCache = new Map<string, string[]>();

/** The text split at its `?` placeholders outside single-quoted literals (cached: the texts are constants). */
function segmentsOf(text: string): string[] {
  const cached = segmentCache.get(text);
  if (cached !== undefined) return cached;
  const segments: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (ch === '?' && !quoted) {
      segments.push(text.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(text.slice(start));
  if (segmentCache.size < 2_000) segmentCache.set(text, segments);
  return segments;
}

/** The same for a statement written with pg's own `$1, $2 …` placeholders (outside quotes). */
function inlineNumbered(text: string, literals: string[]): string | null {
  const used = new Set<number>();
  let fits = true;
  const out = text.replace(/'(?:[^']|'')*'|\$(\d+)/g, (match, index: string | undefined) => {
    if (index === undefined) return match; // a quoted literal: left as it is
    const i = Number(index) - 1;
    if (i < 0 || i >= literals.length) fits = false;
    used.add(i);
    return literals[i] ?? match;
  });
  return fits && used.size === literals.length ? out : null;
}

/**
 * For ports written against MikroORM's EntityManager that only call `execute` (catalog's
 * adjustStock, coupons' coupon-usage): lets them join a transaction run here. Anything else
 * on the result is absent — such a port must keep to `execute`.
 */
export function executeOnlyEntityManager(sql: Sql): EntityManager {
  return { execute: (text: string, params?: unknown[]) => sql.execute(text, params) } as unknown as EntityManager;
}

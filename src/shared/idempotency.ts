import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, UserFacingError, userError } from './user-error';

/** Keys live at least this long; the worker purges them after KEY_RETENTION_HOURS. */
export const KEY_RETENTION_HOURS = 48;
export const MAX_KEY_LENGTH = 100;

export interface IdempotencyScope {
  userId: string;
  /** The mutation's name: one key may be used once per user and operation. */
  operation: string;
  key: string;
}

/**
 * Runs `execute` at most once per (user, operation, key), inside the caller's transaction `tx`.
 *
 * The key row is inserted first, in the same transaction as the effect. A concurrent request
 * with the same key blocks on that uncommitted unique row until the first one commits (then
 * finds the row and replays its payload) or rolls back (then its own insert wins and it runs).
 * A failure (UserFacingError or crash) rolls the claim back with the effect, so a retry runs again.
 * Same key with a different request → IDEMPOTENCY_KEY_REUSED.
 *
 * The payload must be plain JSON (it is what retries get back).
 */
export async function idempotent<T>(
  tx: EntityManager, scope: IdempotencyScope, request: unknown, now: Date, execute: () => Promise<T>,
): Promise<T> {
  const claim = await claimIdempotencyKey<T>(tx, scope, request, now);
  if (claim.replay) return claim.response;
  const result = await execute();
  await saveIdempotentResponse(tx, scope, result);
  return result;
}

export type Claim<T> = { replay: true; response: T } | { replay: false };

/**
 * The first half of `idempotent`, for commands that store their answer before their last
 * statements (to hold a hot row lock for as short as possible): claim, or get the replay.
 */
export async function claimIdempotencyKey<T>(tx: EntityManager, scope: IdempotencyScope, request: unknown, now: Date): Promise<Claim<T>> {
  const hash = requestHash(request);
  const claimed: unknown[] = await tx.execute(
    `insert into idempotency_keys (user_id, operation, key, request_hash, created_at) values (?, ?, ?, ?, ?)
     on conflict do nothing returning 1`,
    [scope.userId, scope.operation, scope.key, hash, now],
  );
  if (claimed.length === 1) return { replay: false };
  return { replay: true, response: await replay<T>(tx, scope, hash) };
}

/** Stores the payload retries get back; in the claim's transaction, so it commits with the effect. */
export async function saveIdempotentResponse(tx: EntityManager, scope: IdempotencyScope, response: unknown): Promise<void> {
  await tx.execute(
    'update idempotency_keys set response = ?::jsonb where user_id = ? and operation = ? and key = ?',
    [JSON.stringify(response), scope.userId, scope.operation, scope.key],
  );
}

async function replay<T>(tx: EntityManager, scope: IdempotencyScope, hash: string): Promise<T> {
  const rows: Array<{ request_hash: string; response: T | null }> = await tx.execute(
    'select request_hash, response from idempotency_keys where user_id = ? and operation = ? and key = ?',
    [scope.userId, scope.operation, scope.key],
  );
  const row = rows[0];
  if (row && row.request_hash !== hash) {
    throw new UserFacingError([userError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This idempotencyKey was already used with a different request; use a new key for a new request',
      ['input', 'idempotencyKey'],
    )]);
  }
  if (!row || row.response === null) {
    // Only reachable if the row was purged or written by something else between the two statements.
    throw new UserFacingError([userError(
      ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT, 'A request with this idempotencyKey is still being processed; retry shortly', ['input', 'idempotencyKey'],
    )]);
  }
  return row.response;
}

/** sha256 of the request as canonical JSON (object keys sorted, array order kept). */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Worker housekeeping: deletes keys older than the retention, a bounded batch at a time. */
export async function purgeIdempotencyKeys(em: EntityManager, now: Date, batch = 5_000): Promise<number> {
  const cutoff = new Date(now.getTime() - KEY_RETENTION_HOURS * 3600_000);
  const rows: unknown[] = await em.execute(
    `delete from idempotency_keys where ctid in (
       select ctid from idempotency_keys where created_at < ? limit ?
     ) returning 1`,
    [cutoff, batch],
  );
  return rows.length;
}

import { createHash } from 'node:crypto';
import { ErrorCode, UserFacingError, userError } from './user-error';
import type { Cte, Sql } from './sql';
import { canonicalJson } from './canonical-json';

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
 * Idempotency keys, claimed in the same transaction as the effect.
 *
 * The claim is an INSERT … ON CONFLICT DO NOTHING of (user, operation, key). A concurrent
 * request with the same key blocks on that uncommitted unique row until the first transaction
 * commits (then finds the row and replays its stored payload) or rolls back (then its own insert
 * wins and it runs). A failure — UserFacingError or crash — rolls the claim back with the effect,
 * so a retry runs again. Same key with a different request → IDEMPOTENCY_KEY_REUSED.
 * Payloads are plain JSON (what retries get back).
 */
export async function idempotent<T>(sql: Sql, scope: IdempotencyScope, request: unknown, now: Date, execute: () => Promise<T>): Promise<T> {
  const claim = await claimOrReplay<T>(sql, scope, request, now);
  if (claim.replayed) return claim.response;
  const result = await execute();
  const [, save] = saveResponseCte(scope, result);
  await sql.execute(save.text, save.params);
  return result;
}

export type Claim<T> = { replayed: true; response: T } | { replayed: false };

/** The first half of `idempotent`, for commands that merge saving the answer into their last write. */
export async function claimOrReplay<T>(sql: Sql, scope: IdempotencyScope, request: unknown, now: Date): Promise<Claim<T>> {
  const hash = requestHash(request);
  const [name, body] = claimCte(scope, hash, now);
  const rows = await sql.execute<{ claimed: number }>(`with ${name} as (${body.text}) select count(*)::int as claimed from ${name}`, body.params);
  return rows[0].claimed === 1 ? { replayed: false } : { replayed: true, response: await replay<T>(sql, scope, hash) };
}

/** The claim as a CTE named `idempotency_claim`: merge it into a command's first statement. */
export function claimCte(scope: IdempotencyScope, hash: string, now: Date): Cte {
  return ['idempotency_claim', {
    text: `insert into idempotency_keys (user_id, operation, key, request_hash, created_at) values (?, ?, ?, ?, ?)
           on conflict do nothing returning 1`,
    params: [scope.userId, scope.operation, scope.key, hash, now],
  }];
}

/** Stores the payload retries get back; merge it into the command's last write. */
export function saveResponseCte(scope: IdempotencyScope, response: unknown): Cte {
  return ['idempotency_response', {
    text: 'update idempotency_keys set response = ?::jsonb where user_id = ? and operation = ? and key = ? returning 1',
    params: [JSON.stringify(response), scope.userId, scope.operation, scope.key],
  }];
}

/** The key was taken (by a committed transaction): its payload, or IDEMPOTENCY_KEY_REUSED. */
export async function replay<T>(sql: Sql, scope: IdempotencyScope, hash: string): Promise<T> {
  const rows = await sql.execute<{ request_hash: string; response: T | null }>(
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
    // Only reachable if the row was purged between the claim and this read.
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

/** Worker housekeeping: deletes keys older than the retention, a bounded batch at a time. */
export async function purgeIdempotencyKeys(sql: Sql, now: Date, batch = 5_000): Promise<number> {
  const cutoff = new Date(now.getTime() - KEY_RETENTION_HOURS * 3600_000);
  const rows = await sql.execute(
    `delete from idempotency_keys where ctid in (
       select ctid from idempotency_keys where created_at < ? limit ?
     ) returning 1`,
    [cutoff, batch],
  );
  return rows.length;
}

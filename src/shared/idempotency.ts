import { createHash } from 'node:crypto';
import { ErrorCode, UserFacingError, userError } from './user-error';
import { canonicalJson } from './canonical-json';
import type { Tx } from './tx';

/** Keys live at least this long; the worker purges them after KEY_RETENTION_HOURS. */
export const KEY_RETENTION_HOURS = 48;
export const MAX_KEY_LENGTH = 100;

export interface IdempotencyScope {
  userId: string;
  /** The mutation's name: one key may be used once per user and operation. */
  operation: string;
  key: string;
}

export type Claim<T> = { replayed: true; response: T } | { replayed: false };

/** What a committed claim holds: the request's hash and the payload it answered (null until saved). */
export interface StoredClaim {
  requestHash: string;
  response: unknown;
}

/**
 * Idempotency keys, claimed in the same transaction as the effect.
 *
 * A claim inserts (user, operation, key). A concurrent request with the same key waits on that
 * uncommitted row until the first transaction commits (then it replays the stored payload) or
 * rolls back (then its own claim wins and it runs). A failure rolls the claim back with the
 * effect, so a retry runs again. Same key with another request → IDEMPOTENCY_KEY_REUSED.
 */
export interface IdempotencyStore {
  /** true when this transaction now holds the key; otherwise what the holder stored. */
  claim(tx: Tx, scope: IdempotencyScope, requestHash: string, now: Date): Promise<true | StoredClaim | null>;
  saveResponse(tx: Tx, scope: IdempotencyScope, response: unknown): Promise<void>;
}

/** Claims the key, or returns what the first request answered (or refuses a reused key). */
export async function claimOrReplay<T>(store: IdempotencyStore, tx: Tx, scope: IdempotencyScope, request: unknown, now: Date): Promise<Claim<T>> {
  const hash = requestHash(request);
  const claim = await store.claim(tx, scope, hash, now);
  return claim === true ? { replayed: false } : { replayed: true, response: replayOf<T>(claim, hash) };
}

/** claim → execute → save the answer; a retry with the same key and request gets the same answer. */
export async function idempotently<T>(
  store: IdempotencyStore, tx: Tx, scope: IdempotencyScope, request: unknown, now: Date, execute: () => Promise<T>,
): Promise<T> {
  const claim = await claimOrReplay<T>(store, tx, scope, request, now);
  if (claim.replayed) return claim.response;
  const result = await execute();
  await store.saveResponse(tx, scope, result);
  return result;
}

/** The key was taken by a committed transaction: its payload, or why not. */
export function replayOf<T>(stored: StoredClaim | null, hash: string): T {
  if (stored && stored.requestHash !== hash) {
    throw new UserFacingError([userError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This idempotencyKey was already used with a different request; use a new key for a new request',
      ['input', 'idempotencyKey'],
    )]);
  }
  if (!stored || stored.response === null || stored.response === undefined) {
    // Only reachable if the row was purged between the claim and the read.
    throw new UserFacingError([userError(
      ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT, 'A request with this idempotencyKey is still being processed; retry shortly', ['input', 'idempotencyKey'],
    )]);
  }
  return stored.response as T;
}

/** sha256 of the request as canonical JSON (object keys sorted, array order kept). */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

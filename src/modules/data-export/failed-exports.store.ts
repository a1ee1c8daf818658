import type { Pool, PoolClient } from 'pg';
import { newId } from '../../shared/ids';
import type { DomainEvent } from '../../shared/event';

/** Durable consumer name; also the processed_events.projection under which deliveries are remembered. */
export const EXPORT_CONSUMER = 'data-platform-export';

export interface FailedExportRow {
  id: string;
  eventId: string;
  eventType: string;
  aggregateId: string;
  payload: unknown;
  attempts: number;
  lastError: string;
  failedAt: Date;
  resentAt: Date | null;
}

const COLUMNS = `id, event_id as "eventId", event_type as "eventType", aggregate_id as "aggregateId", payload,
  attempts, last_error as "lastError", failed_at as "failedAt", resent_at as "resentAt"`;

type Db = Pool | PoolClient;

/** Which of these events were delivered already: one query for a batch. */
export async function deliveredAmong(db: Db, eventIds: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ event_id: string }>(
    'select event_id from processed_events where projection = $1 and event_id = any($2::uuid[])', [EXPORT_CONSUMER, eventIds],
  );
  return new Set(rows.map((r) => r.event_id));
}

/**
 * Remembers deliveries (so a redelivered or republished event is not sent again) and closes their
 * parked rows, in ONE statement (atomic: both CTEs or neither, one commit): the exporter
 * group-commits its deliveries instead of a transaction of 4 round trips each.
 */
export async function markDeliveredMany(db: Db, eventIds: readonly string[], at: Date): Promise<void> {
  if (eventIds.length === 0) return;
  await db.query(
    `with remembered as (
       insert into processed_events (projection, event_id) select $1, id from unnest($2::uuid[]) as id
       on conflict do nothing returning 1
     ), closed as (
       update failed_exports set resent_at = $3, claimed_until = null where event_id = any($2::uuid[]) and resent_at is null returning 1
     )
     select (select count(*) from remembered) as remembered, (select count(*) from closed) as closed`,
    [EXPORT_CONSUMER, [...new Set(eventIds)], at],
  );
}

/** Parks an export after its last attempt. Parked again (a republished event) → the row is reopened. */
export async function park(db: Db, event: DomainEvent, payload: unknown, attempts: number, error: string, at: Date): Promise<void> {
  await db.query(
    `insert into failed_exports (id, event_id, event_type, aggregate_id, payload, attempts, last_error, failed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (event_id) do update set attempts = failed_exports.attempts + excluded.attempts,
       last_error = excluded.last_error, failed_at = excluded.failed_at, resent_at = null`,
    [newId(at.getTime()), event.id, event.type, event.aggregateId, JSON.stringify(payload), attempts, error.slice(0, 1000), at],
  );
}

export async function listFailedExports(db: Db, limit: number, includeResent: boolean): Promise<FailedExportRow[]> {
  const { rows } = await db.query<FailedExportRow>(
    `select ${COLUMNS} from failed_exports where $2 or resent_at is null order by failed_at desc, id desc limit $1`,
    [limit, includeResent],
  );
  return rows;
}

export async function failedExportsByIds(db: Db, ids: string[]): Promise<FailedExportRow[]> {
  const { rows } = await db.query<FailedExportRow>(`select ${COLUMNS} from failed_exports where id = any($1::uuid[])`, [ids]);
  return rows;
}

/**
 * Takes a short lease on open rows so two admins resending at once do not both send.
 * Returns the ids it got; a crashed resender's lease simply runs out.
 */
export async function claimForResend(db: Db, ids: string[], at: Date, leaseMs: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `update failed_exports set claimed_until = $2::timestamptz + make_interval(secs => $3::float8 / 1000)
     where id = any($1::uuid[]) and resent_at is null and (claimed_until is null or claimed_until < $2)
     returning id`,
    [ids, at, leaseMs],
  );
  return rows.map((r) => r.id);
}

export async function resendFailed(db: Db, id: string, error: string): Promise<void> {
  await db.query(
    'update failed_exports set attempts = attempts + 1, last_error = $2, claimed_until = null where id = $1',
    [id, error.slice(0, 1000)],
  );
}

/**
 * What retryFailedExports runs on. Each call is its own statement (autocommit), on purpose: the
 * resend is an HTTP call between them, which must not hold a transaction (or a row lock) open.
 */
export interface FailedExportsStore {
  byIds(ids: string[]): Promise<FailedExportRow[]>;
  claimForResend(ids: string[], at: Date, leaseMs: number): Promise<string[]>;
  /** Remembers the delivery and closes its parked row (markDeliveredMany of one). */
  markDelivered(eventId: string, at: Date): Promise<void>;
  resendFailed(id: string, error: string): Promise<void>;
}

export const pgFailedExports = (db: Db): FailedExportsStore => ({
  byIds: (ids) => failedExportsByIds(db, ids),
  claimForResend: (ids, at, leaseMs) => claimForResend(db, ids, at, leaseMs),
  markDelivered: (eventId, at) => markDeliveredMany(db, [eventId], at),
  resendFailed: (id, error) => resendFailed(db, id, error),
});

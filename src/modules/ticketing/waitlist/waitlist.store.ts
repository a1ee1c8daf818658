import type { Tx } from '../../../shared/tx';

export type WaitlistStatus = 'WAITING' | 'OFFERED' | 'FULFILLED' | 'LAPSED';

export interface WaitlistEntry {
  id: string;
  performanceId: string;
  userId: string;
  count: number;
  /** Only seats of this grade; null: any grade. */
  grade: string | null;
  status: WaitlistStatus;
  reservationId: string | null;
  createdAt: string;
  /** 1 = next in line; null unless WAITING. */
  position: number | null;
}

const COLUMNS = `id, performance_id as "performanceId", user_id as "userId", seat_count as "count", grade, status,
  reservation_id as "reservationId", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"`;
const POSITION = `case when status = 'WAITING' then (select count(*)::int from waitlist_entries o
  where o.performance_id = e.performance_id and o.status = 'WAITING' and (o.created_at, o.id) <= (e.created_at, e.id)) end as position`;

export interface WaitlistStore {
  /** The user's live entry of the performance, or a new one; `created` says which. */
  join(tx: Tx, entry: Omit<WaitlistEntry, 'position' | 'status' | 'reservationId'>, now: Date): Promise<{ entry: WaitlistEntry; created: boolean }>;
  mine(tx: Tx, userId: string): Promise<WaitlistEntry[]>;
  /** Offers that ended: paid → FULFILLED, expired/released → LAPSED (their seats go to the next in line). */
  settleOffers(tx: Tx, now: Date): Promise<number>;
  /** Performances with someone WAITING, oldest line first. */
  linesWaiting(tx: Tx, limit: number): Promise<string[]>;
  /** The first WAITING entry of the performance, under the line's lock (one offerer per line at a time, in order). */
  lockFirst(tx: Tx, performanceId: string): Promise<WaitlistEntry | null>;
  markOffered(tx: Tx, entryId: string, reservationId: string, now: Date): Promise<void>;
  markLapsed(tx: Tx, entryId: string, now: Date): Promise<void>;
}

export const pgWaitlist: WaitlistStore = {
  async join(tx, entry, now) {
    const inserted = await tx.query<WaitlistEntry>(
      `insert into waitlist_entries (id, performance_id, user_id, seat_count, grade, status, created_at, updated_at)
       values ($1, $2, $3, $4, $5, 'WAITING', $6, $6)
       on conflict (performance_id, user_id) where status in ('WAITING', 'OFFERED') do nothing
       returning ${COLUMNS}`,
      [entry.id, entry.performanceId, entry.userId, entry.count, entry.grade, now],
    );
    const rows = await tx.query<WaitlistEntry>(
      `select ${COLUMNS}, ${POSITION} from waitlist_entries e
       where performance_id = $1 and user_id = $2 and status in ('WAITING', 'OFFERED')`,
      [entry.performanceId, entry.userId],
    );
    return { entry: rows[0], created: inserted.length === 1 };
  },

  mine(tx, userId) {
    return tx.query<WaitlistEntry>(`select ${COLUMNS}, ${POSITION} from waitlist_entries e where user_id = $1 order by created_at desc, id desc limit 100`, [userId]);
  },

  async settleOffers(tx, now) {
    const rows = await tx.query(
      `update waitlist_entries e set status = case r.status when 'PAID' then 'FULFILLED' else 'LAPSED' end,
         updated_at = $1, version = e.version + 1
       from reservations r
       where e.status = 'OFFERED' and r.id = e.reservation_id
         and (r.status <> 'HELD' or r.expires_at <= $1)
       returning e.id`,
      [now],
    );
    return rows.length;
  },

  async linesWaiting(tx, limit) {
    const rows = await tx.query<{ id: string }>(
      `select performance_id as id from waitlist_entries where status = 'WAITING' group by performance_id order by min(created_at) limit $1`, [limit],
    );
    return rows.map((r) => r.id);
  },

  async lockFirst(tx, performanceId) {
    // Two statements, one round trip: the select takes its snapshot after the lock is held.
    const locking = tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`waitlist:${performanceId}`]);
    const first = tx.query<WaitlistEntry>(
      `select ${COLUMNS}, 1 as position from waitlist_entries e where performance_id = $1 and status = 'WAITING'
       order by created_at, id limit 1 for update`,
      [performanceId],
    );
    const [, rows] = await Promise.all([locking, first]);
    return rows[0] ?? null;
  },

  async markOffered(tx, entryId, reservationId, now) {
    await tx.query(`update waitlist_entries set status = 'OFFERED', reservation_id = $2, updated_at = $3, version = version + 1 where id = $1`, [entryId, reservationId, now]);
  },

  async markLapsed(tx, entryId, now) {
    await tx.query(`update waitlist_entries set status = 'LAPSED', updated_at = $2, version = version + 1 where id = $1`, [entryId, now]);
  },
};

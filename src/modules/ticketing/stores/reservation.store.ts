import type { Tx } from '../../../shared/tx';
import type { Reservation } from '../domain/reservation';

/** Reservations. Status changes are decided on a row locked FOR UPDATE and written with the version read. */
export interface ReservationStore {
  insert(tx: Tx, reservation: Reservation): Promise<void>;
  lock(tx: Tx, id: string): Promise<Reservation | null>;
  transition(tx: Tx, fromVersion: number, reservation: Reservation): Promise<boolean>;
  /**
   * Serializes one buyer's holds on one performance (a transaction-scoped advisory lock), then
   * counts their seats in live holds and paid reservations: the per-user cap cannot be raced.
   */
  lockBuyerAndCountSeats(tx: Tx, userId: string, performanceId: string, now: Date): Promise<number>;
  /** HELD reservations past their expiry, locked; rows another sweeper holds are skipped. */
  lockOverdue(tx: Tx, now: Date, limit: number): Promise<Reservation[]>;
}

export const RESERVATION_COLUMNS = `id, performance_id as "performanceId", user_id as "userId", status, seats, total,
  expires_at as "expiresAt", created_at as "createdAt", paid_at as "paidAt", payment_id as "paymentId",
  queue_token as "queueToken", version`;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export function toReservation(row: Record<string, unknown>): Reservation {
  return { ...(row as unknown as Reservation), expiresAt: iso(row.expiresAt)!, createdAt: iso(row.createdAt)!, paidAt: iso(row.paidAt) };
}

export const pgReservations: ReservationStore = {
  async insert(tx, r) {
    await tx.query(
      `insert into reservations (id, performance_id, user_id, status, seats, total, expires_at, created_at, queue_token, version)
       values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)`,
      [r.id, r.performanceId, r.userId, r.status, JSON.stringify(r.seats), r.total, r.expiresAt, r.createdAt, r.queueToken, r.version],
    );
  },

  async lock(tx, id) {
    const rows = await tx.query(`select ${RESERVATION_COLUMNS} from reservations where id = $1 for update`, [id]);
    return rows[0] ? toReservation(rows[0]) : null;
  },

  async transition(tx, fromVersion, r) {
    const rows = await tx.query(
      `update reservations set status = $2, paid_at = $3, payment_id = $4, version = $5 where id = $1 and version = $6 returning 1`,
      [r.id, r.status, r.paidAt, r.paymentId, r.version, fromVersion],
    );
    return rows.length === 1;
  },

  async lockBuyerAndCountSeats(tx, userId, performanceId, now) {
    // Two statements (one round trip): the count must take its snapshot after the lock is held.
    const locking = tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`buyer:${userId}:${performanceId}`]);
    const counting = tx.query<{ seats: number }>(
      `select coalesce(sum(jsonb_array_length(seats)), 0)::int as seats from reservations
       where performance_id = $2 and user_id = $1 and (status = 'PAID' or (status = 'HELD' and expires_at > $3))`,
      [userId, performanceId, now],
    );
    const [, [row]] = await Promise.all([locking, counting]);
    return row.seats;
  },

  async lockOverdue(tx, now, limit) {
    const rows = await tx.query(
      `select ${RESERVATION_COLUMNS} from reservations where status = 'HELD' and expires_at <= $1
       order by expires_at limit $2 for update skip locked`,
      [now, limit],
    );
    return rows.map(toReservation);
  },
};

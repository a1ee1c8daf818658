import type { Tx } from '../../../shared/tx';
import type { ReservedSeat } from '../domain/reservation';

export interface SeatState extends ReservedSeat {
  /** Not sold and not under a live hold at `now`. */
  free: boolean;
  reservationId: string | null;
}

/**
 * The seats of a performance. Every writer locks the rows it changes in seat-number order
 * (`order by number for update`), so overlapping holds, payments and releases never deadlock.
 */
export interface SeatStore {
  /** Locks the given seats (waiting for their current writers) and says which are free now. */
  lock(tx: Tx, performanceId: string, numbers: readonly number[], now: Date): Promise<SeatState[]>;
  /**
   * Locks the free seats of a grade, skipping rows another transaction is taking right now
   * (best available must not wait for, or collide with, concurrent pickers).
   */
  lockFreeInGrade(tx: Tx, performanceId: string, grade: string, now: Date): Promise<SeatState[]>;
  /** Free seats now, of one grade or all (no locks: joinWaitlist's "is it sold out?"). */
  countFree(tx: Tx, performanceId: string, grade: string | null, now: Date): Promise<number>;
  /** Marks locked free seats as held by the reservation until `until`. */
  hold(tx: Tx, performanceId: string, numbers: readonly number[], reservationId: string, until: Date): Promise<void>;
  /** The reservation's seats that are still its own (held by it, not sold), locked. */
  lockHeldBy(tx: Tx, performanceId: string, reservationId: string): Promise<number[]>;
  sell(tx: Tx, performanceId: string, reservationId: string): Promise<number>;
  /**
   * Frees whatever seats these reservations still have (held or sold), locked in (performance,
   * number) order like every other writer; how many seats were freed.
   */
  free(tx: Tx, reservationIds: readonly string[]): Promise<number>;
}

const STATE = `number, grade, price, reservation_id as "reservationId",
  (not sold and (reservation_id is null or held_until <= $3)) as free`;

export const pgSeats: SeatStore = {
  lock(tx, performanceId, numbers, now) {
    return tx.query<SeatState>(
      `select ${STATE} from seats where performance_id = $1 and number = any($2::int[]) order by number for update`,
      [performanceId, numbers, now],
    );
  },

  lockFreeInGrade(tx, performanceId, grade, now) {
    return tx.query<SeatState>(
      `select ${STATE} from seats
       where performance_id = $1 and grade = $2 and not sold and (reservation_id is null or held_until <= $3)
       order by number for update skip locked`,
      [performanceId, grade, now],
    );
  },

  async countFree(tx, performanceId, grade, now) {
    const [row] = await tx.query<{ n: number }>(
      `select count(*)::int as n from seats
       where performance_id = $1 and ($2::text is null or grade = $2) and not sold and (reservation_id is null or held_until <= $3)`,
      [performanceId, grade, now],
    );
    return row.n;
  },

  async hold(tx, performanceId, numbers, reservationId, until) {
    await tx.query(
      `update seats set reservation_id = $3, held_until = $4, version = version + 1
       where performance_id = $1 and number = any($2::int[])`,
      [performanceId, numbers, reservationId, until],
    );
  },

  async lockHeldBy(tx, performanceId, reservationId) {
    const rows = await tx.query<{ number: number }>(
      `select number from seats where performance_id = $1 and reservation_id = $2 and not sold order by number for update`,
      [performanceId, reservationId],
    );
    return rows.map((r) => r.number);
  },

  async sell(tx, performanceId, reservationId) {
    const rows = await tx.query(
      `update seats set sold = true, held_until = null, version = version + 1
       where performance_id = $1 and reservation_id = $2 and not sold returning 1`,
      [performanceId, reservationId],
    );
    return rows.length;
  },

  async free(tx, reservationIds) {
    if (reservationIds.length === 0) return 0;
    const rows = await tx.query(
      `with mine as (
         select performance_id, number from seats where reservation_id = any($1::uuid[]) order by performance_id, number for update
       )
       update seats s set sold = false, reservation_id = null, held_until = null, version = s.version + 1
       from mine where s.performance_id = mine.performance_id and s.number = mine.number returning 1`,
      [reservationIds],
    );
    return rows.length;
  },
};

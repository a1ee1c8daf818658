import type { Pool } from 'pg';
import type { Tx } from '../../../shared/tx';
import type { Reservation, ReservationStatus } from '../domain/reservation';
import { RESERVATION_COLUMNS, toReservation } from '../stores/reservation.store';

export interface ReservationPage {
  items: Reservation[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * A buyer's reservations from the write model (exact for their owner: a hold shows at once,
 * not when a projector gets to it). Page and totalCount are one statement, so one snapshot;
 * the left join keeps the count when the page is empty.
 */
export async function reservationsOf(
  pool: Pool, userId: string, status: ReservationStatus | null, first: number, after: string | null,
): Promise<ReservationPage> {
  const { rows } = await pool.query(
    `with total as (select count(*)::int as n from reservations where user_id = $1 and ($2::text is null or status = $2))
     select total.n as "totalCount", page.* from total
     left join lateral (
       select ${RESERVATION_COLUMNS} from reservations
       where user_id = $1 and ($2::text is null or status = $2) and ($3::uuid is null or id < $3)
       order by id desc limit $4
     ) page on true`,
    [userId, status, after, first + 1],
  );
  const items = rows.filter((r) => r.id !== null).map(toReservation);
  return { items: items.slice(0, first), hasNextPage: items.length > first, totalCount: Number(rows[0].totalCount) };
}

export async function reservationById(pool: Pool, id: string): Promise<Reservation | null> {
  const { rows } = await pool.query(`select ${RESERVATION_COLUMNS} from reservations where id = $1`, [id]);
  return rows[0] ? toReservation(rows[0]) : null;
}

/** The module's stores take a Tx; for a single autocommit read outside any transaction, the pool stands in for one. */
export const autocommitReads = (pool: Pool): Tx => ({
  query: async (text, params) => (await pool.query(text, params as unknown[] | undefined)).rows,
});

import type { Tx } from '../../../shared/tx';
import type { Performance, TicketedEvent } from '../domain/performance';

/** Events and their performances (cold rows, written once by an admin). */
export interface EventStore {
  insertEvent(tx: Tx, event: TicketedEvent): Promise<void>;
  eventExists(tx: Tx, id: string): Promise<boolean>;
  /** The performance and its numbered seats, in one statement. */
  insertPerformance(tx: Tx, performance: Performance): Promise<void>;
  performance(tx: Tx, id: string): Promise<Performance | null>;
}

export const pgEvents: EventStore = {
  async insertEvent(tx, e) {
    await tx.query(
      'insert into ticketed_events (id, name, description, venue, category, created_at) values ($1, $2, $3, $4, $5, $6)',
      [e.id, e.name, e.description, e.venue, e.category, e.createdAt],
    );
  },

  async eventExists(tx, id) {
    return (await tx.query('select 1 from ticketed_events where id = $1', [id])).length === 1;
  },

  async insertPerformance(tx, p) {
    await tx.query(
      `with performance as (
         insert into performances (id, event_id, starts_at, sales_open_at, grades, seat_count, max_seats_per_user, hold_seconds, created_at)
         values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
       )
       insert into seats (performance_id, number, grade, price)
       select $1, n, g.name, g.price
       from jsonb_to_recordset($5::jsonb) as g(name text, price int, "firstSeat" int, "lastSeat" int),
            generate_series(g."firstSeat", g."lastSeat") as n`,
      [p.id, p.eventId, p.startsAt, p.salesOpenAt, JSON.stringify(p.grades), p.seatCount, p.maxSeatsPerUser, p.holdSeconds, p.createdAt],
    );
  },

  async performance(tx, id) {
    const rows = await tx.query<Performance>(
      `select id, event_id as "eventId", starts_at as "startsAt", sales_open_at as "salesOpenAt", grades, seat_count as "seatCount",
              max_seats_per_user as "maxSeatsPerUser", hold_seconds as "holdSeconds", created_at as "createdAt"
       from performances where id = $1`,
      [id],
    );
    return rows[0] ?? null;
  },
};

import type { Pool } from 'pg';
import type { Tx } from '../../src/shared/tx';
import type { Cache } from '../../src/infrastructure/redis/cache';
import type { DomainEvent } from '../../src/shared/event';
import type { TicketingEvent } from '../../src/modules/ticketing/events';
import type { Projection } from '../projection';
import { ALL_KEYS_PATTERN, EVENTS_GENERATION_KEY, SEAT_MAP_GENERATION_KEY, SEAT_MAP_READ_MODEL } from './seat-map.cache';
import { SeatMapQueries } from './seat-map.query';
import type { SeatStatusRead } from './seat-map.read';

/** What a committed batch changed: the cached documents to refresh. */
export interface SeatMapChanges {
  /** Events whose row was inserted (and events of newly inserted performances). */
  eventIds: string[];
  /** Performances whose row or some seat changed. */
  performanceIds: string[];
  /** A new event: pages of `events` are stale. */
  newEvents: boolean;
}

type SeatEvent = TicketingEvent & { type: 'SeatsHeld' | 'ReservationPaid' | 'SeatsReleased' };
const STATUS_AFTER: Record<SeatEvent['type'], SeatStatusRead> = { SeatsHeld: 'HELD', ReservationPaid: 'SOLD', SeatsReleased: 'AVAILABLE' };

interface SeatWrite {
  performanceId: string;
  number: number;
  grade: string;
  price: number;
  status: SeatStatusRead;
  reservationId: string;
  version: number;
}

/**
 * The idempotency guard of seat_read, one rule for every seat event. A seat row remembers the
 * last reservation that touched it (`reservation_id`, kept on an AVAILABLE seat too) and that
 * reservation's aggregateVersion at that event (`version`). An event of reservation R at
 * version V is applied to a seat only when (R, V) is greater than what the row holds:
 *
 * - within one reservation, its own order: SeatsHeld (1) < ReservationPaid (2) < SeatsReleased
 *   (2 or 3). A repeated or late event of the same reservation changes nothing.
 * - across reservations, reservation ids: UUIDv7 minted when the hold is made, and a seat can
 *   only be held again after the previous hold has ended (released, expired, or cancelled after
 *   payment), so a later holder of a seat always has a greater id (assumption: API clocks agree
 *   to within the time from one hold of a seat to the next hold of it — seconds for an expiry).
 *   So SeatsReleased of an old reservation, arriving after someone else's SeatsHeld (the sweeper
 *   announces an expiry after the seat was re-held), leaves the new hold alone; so does a
 *   redelivered SeatsHeld of the old one.
 *
 * The result is the maximum over all events seen, so any order, any duplicates and any replay
 * of the stream end in the same rows. Not chosen: a stream-sequence checkpoint (the runner
 * does not hand sequences to projections, and with several relays stream order is not commit
 * order either) and a processed-events table (it stops duplicates but not reordering).
 */
const SEAT_UPSERT = `on conflict (performance_id, number) do update
    set status = excluded.status, reservation_id = excluded.reservation_id, version = excluded.version
  where seat_read.reservation_id is null
     or (seat_read.reservation_id, seat_read.version) < (excluded.reservation_id, excluded.version)`;

const newer = (a: SeatWrite, b: SeatWrite) =>
  a.reservationId > b.reservationId || (a.reservationId === b.reservationId && a.version > b.version);

/**
 * seat-map: event_read, performance_read and seat_read, built only from ticketing events; a
 * batch is at most three statements whatever its size. Rows are inserted in key order so two
 * projector processes lock seats in the same order.
 */
export class SeatMapProjection implements Projection<SeatMapChanges> {
  readonly name = 'seat-map';
  readonly eventTypes = new Set(['TicketedEventCreated', 'PerformanceCreated', 'SeatsHeld', 'ReservationPaid', 'SeatsReleased']);
  readonly readModel = SEAT_MAP_READ_MODEL;
  private readonly queries: SeatMapQueries;

  constructor(pool: Pool, private readonly cache: Cache) {
    this.queries = new SeatMapQueries(pool, cache);
  }

  /** One event: the same code path as a batch of one. */
  apply(tx: Tx, event: DomainEvent): Promise<SeatMapChanges> {
    return this.applyBatch(tx, [event]);
  }

  async applyBatch(tx: Tx, raw: DomainEvent[]): Promise<SeatMapChanges> {
    const created = new Map<string, TicketingEvent & { type: 'TicketedEventCreated' }>();
    const performances = new Map<string, TicketingEvent & { type: 'PerformanceCreated' }>();
    const seats = new Map<string, SeatWrite>();
    for (const event of raw as TicketingEvent[]) {
      if (event.type === 'TicketedEventCreated') created.set(event.aggregateId, event);
      else if (event.type === 'PerformanceCreated') performances.set(event.aggregateId, event);
      else if (Object.hasOwn(STATUS_AFTER, event.type)) {
        // Only the greatest (reservation, version) per seat can win: one row per seat, as one ON CONFLICT statement needs.
        for (const seat of event.data.seats) {
          const write: SeatWrite = {
            performanceId: event.data.performanceId.toLowerCase(), number: seat.number, grade: seat.grade, price: seat.price,
            status: STATUS_AFTER[event.type], reservationId: event.aggregateId.toLowerCase(), version: event.aggregateVersion,
          };
          const key = `${write.performanceId}/${write.number}`;
          const seen = seats.get(key);
          if (!seen || newer(write, seen)) seats.set(key, write);
        }
      }
    }
    const [eventRows, performanceRows, seatRows] = await Promise.all([
      created.size ? this.insertEvents(tx, [...created.values()]) : [],
      performances.size ? this.insertPerformances(tx, [...performances.values()]) : [],
      seats.size ? this.writeSeats(tx, [...seats.values()]) : [],
    ]);
    return {
      eventIds: [...new Set([...eventRows.map((r) => r.id), ...performanceRows.map((r) => r.eventId)])],
      performanceIds: [...new Set([...performanceRows.map((r) => r.id), ...seatRows.map((r) => r.performanceId)])],
      newEvents: eventRows.length > 0,
    };
  }

  private insertEvents(tx: Tx, events: Array<TicketingEvent & { type: 'TicketedEventCreated' }>) {
    const rows = [...events].sort((a, b) => (a.aggregateId < b.aggregateId ? -1 : 1));
    return tx.query<{ id: string }>(
      `insert into event_read (id, name, description, venue, category, created_at)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       on conflict (id) do nothing returning id`,
      [rows.map((e) => e.aggregateId), rows.map((e) => e.data.name), rows.map((e) => e.data.description), rows.map((e) => e.data.venue),
        rows.map((e) => e.data.category), rows.map((e) => e.data.createdAt)],
    );
  }

  /** The performance and all its seats AVAILABLE; seats an earlier-arriving hold already wrote are left as they are. */
  private insertPerformances(tx: Tx, events: Array<TicketingEvent & { type: 'PerformanceCreated' }>) {
    const rows = [...events].sort((a, b) => (a.aggregateId < b.aggregateId ? -1 : 1)).map((e) => ({
      id: e.aggregateId, event_id: e.data.eventId, starts_at: e.data.startsAt, sales_open_at: e.data.salesOpenAt, grades: e.data.grades,
      seat_count: e.data.seatCount, max_seats_per_user: e.data.maxSeatsPerUser, hold_seconds: e.data.holdSeconds,
    }));
    return tx.query<{ id: string; eventId: string }>(
      `with input as (
         select * from jsonb_to_recordset($1::jsonb) as x(id uuid, event_id uuid, starts_at timestamptz, sales_open_at timestamptz,
           grades jsonb, seat_count int, max_seats_per_user int, hold_seconds int)
       ), seats as (
         insert into seat_read (performance_id, number, grade, price, status)
         select input.id, n, g.name, g.price, 'AVAILABLE'
         from input, jsonb_to_recordset(input.grades) as g(name text, price int, "firstSeat" int, "lastSeat" int),
              generate_series(g."firstSeat", g."lastSeat") as n
         order by input.id, n
         on conflict (performance_id, number) do nothing
       )
       insert into performance_read (id, event_id, starts_at, sales_open_at, grades, seat_count, max_seats_per_user, hold_seconds)
       select id, event_id, starts_at, sales_open_at, grades, seat_count, max_seats_per_user, hold_seconds from input
       on conflict (id) do nothing returning id, event_id as "eventId"`,
      [JSON.stringify(rows)],
    );
  }

  private writeSeats(tx: Tx, writes: SeatWrite[]) {
    const rows = writes.sort((a, b) => (a.performanceId < b.performanceId ? -1 : a.performanceId > b.performanceId ? 1 : a.number - b.number));
    return tx.query<{ performanceId: string }>(
      `insert into seat_read (performance_id, number, grade, price, status, reservation_id, version)
       select * from unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::uuid[], $7::bigint[])
       ${SEAT_UPSERT}
       returning performance_id as "performanceId"`,
      [rows.map((s) => s.performanceId), rows.map((s) => s.number), rows.map((s) => s.grade), rows.map((s) => s.price),
        rows.map((s) => s.status), rows.map((s) => s.reservationId), rows.map((s) => s.version)],
    );
  }

  /** Refreshes the changed documents (never with an older state, see seat-map.cache.ts) and retires stale pages. */
  async afterCommit(changes: SeatMapChanges): Promise<void> {
    if (changes.eventIds.length === 0 && changes.performanceIds.length === 0) return;
    await this.cache.attempt('seat-map', (r) => {
      const bumps = r.pipeline().incr(SEAT_MAP_GENERATION_KEY);
      if (changes.newEvents) bumps.incr(EVENTS_GENERATION_KEY);
      return bumps.exec();
    });
    const eventsOfPerformances = await this.queries.refreshPerformances(changes.performanceIds);
    await this.queries.refreshEvents([...new Set([...changes.eventIds, ...eventsOfPerformances])]);
  }

  async reset(tx: Tx): Promise<void> {
    await tx.query('truncate event_read, performance_read, seat_read');
  }

  /** Drops every cached document and page (SCAN in pages, never KEYS); the generations move on instead of restarting. */
  async resetCache(): Promise<void> {
    const keep = new Set([SEAT_MAP_GENERATION_KEY, EVENTS_GENERATION_KEY]);
    await this.cache.attempt('seat-map', async (r) => {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', ALL_KEYS_PATTERN, 'COUNT', 1000);
        const doomed = keys.filter((k) => !keep.has(k));
        if (doomed.length > 0) await r.del(...doomed);
        cursor = next;
      } while (cursor !== '0');
      return r.pipeline().incr(SEAT_MAP_GENERATION_KEY).incr(EVENTS_GENERATION_KEY).exec();
    });
  }
}

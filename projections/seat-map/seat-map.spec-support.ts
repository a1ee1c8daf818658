import type { Pool } from 'pg';
import { Migration0110Ticketing } from '../../src/modules/ticketing/migrations/0110-ticketing';
import { makeEvent, type DomainEvent } from '../../src/shared/event';
import { newId } from '../../src/shared/ids';
import type { Cache } from '../../src/infrastructure/redis/cache';
import { numberGrades, type Grade } from '../../src/modules/ticketing/domain/performance';
import type { ReservationStatus } from '../../src/modules/ticketing/domain/reservation';

/**
 * Test support for the seat-map specs (not a spec itself). Until the ticketing migration is in
 * the app's list, the specs apply it themselves, under the migrator's advisory lock, and record
 * it as applied so a later `migrate()` in the same database does not run it twice.
 */
export async function ensureTicketingTables(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(72656001)');
    const { rows } = await client.query<{ exists: boolean }>(`select to_regclass('seat_read') is not null as exists`);
    if (rows[0].exists) return;
    const migration = new Migration0110Ticketing(undefined as never, undefined as never);
    await migration.up();
    await client.query('begin');
    for (const sql of migration.getQueries()) await client.query(sql as string);
    if ((await client.query(`select to_regclass('mikro_orm_migrations') is not null as exists`)).rows[0].exists) {
      await client.query(`insert into mikro_orm_migrations (name, executed_at) values ('0110-ticketing', now())`);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.query('select pg_advisory_unlock(72656001)').catch(() => undefined);
    client.release();
  }
}

/** Redis away: every read goes to Postgres, every write is dropped (what Cache does on errors). */
export const noRedis = { attempt: async () => undefined, get: async () => undefined, set: async () => undefined } as unknown as Cache;

const at = (ms: number) => new Date(Date.parse('2026-03-01T10:00:00Z') + ms);

/** Events as the ticketing write side makes them (same envelopes and data as events.ts). */
export function ticketingHistory() {
  const eventId = newId();
  const created = makeEvent('TicketedEventCreated', { type: 'TicketedEvent', id: eventId, version: 1 }, at(0), {
    name: 'Opening night', description: 'strings', venue: 'Hall', category: 'concert', createdAt: at(0).toISOString(),
  });
  const performance = (grades: Grade[], startsInMs = 86_400_000) => {
    const id = newId();
    const numbered = numberGrades(grades);
    return makeEvent('PerformanceCreated', { type: 'Performance', id, version: 1 }, at(1), {
      eventId, startsAt: new Date(Date.now() + startsInMs).toISOString(), salesOpenAt: at(0).toISOString(), grades: numbered,
      seatCount: numbered.at(-1)!.lastSeat, maxSeatsPerUser: 4, holdSeconds: 300,
    });
  };
  return { eventId, created, performance };
}

/** A reservation's events: held (v1), then paid (v2) and maybe cancelled (v3), or released/expired (v2). */
export function reservationOf(performance: DomainEvent, numbers: number[], id = newId()) {
  const grades = (performance.data as { grades: Array<{ name: string; price: number; firstSeat: number; lastSeat: number }> }).grades;
  const seats = numbers.map((n) => {
    const g = grades.find((x) => n >= x.firstSeat && n <= x.lastSeat)!;
    return { number: n, grade: g.name, price: g.price };
  });
  const base = { performanceId: performance.aggregateId, userId: newId(), seats, total: seats.reduce((s, x) => s + x.price, 0) };
  const ev = (type: string, version: number, status: ReservationStatus, previousStatus: ReservationStatus | null, extra: object) =>
    makeEvent(type, { type: 'Reservation', id, version }, at(10 + version), { ...base, status, previousStatus, ...extra });
  return {
    id,
    held: ev('SeatsHeld', 1, 'HELD', null, { expiresAt: at(300_000).toISOString() }),
    paid: ev('ReservationPaid', 2, 'PAID', 'HELD', { paymentId: newId(), paidAt: at(12).toISOString() }),
    released: ev('SeatsReleased', 2, 'RELEASED', 'HELD', { refundedAmount: 0 }),
    expired: ev('SeatsReleased', 2, 'EXPIRED', 'HELD', { refundedAmount: 0 }),
    cancelled: ev('SeatsReleased', 3, 'CANCELLED', 'PAID', { refundedAmount: base.total }),
  };
}

/** UUIDv7 ids minted at increasing times: a later reservation of the same seat has a greater id, as in production. */
export function laterIds(count: number): string[] {
  const start = Date.now();
  return Array.from({ length: count }, (_, i) => newId(start + i * 10));
}

import type { Pool } from 'pg';
import { newId } from '../../../shared/ids';
import { UserFacingError } from '../../../shared/user-error';
import type { Clock } from '../../../shared/clock';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { ticketingDeps, type TicketingDeps } from '../ticketing.deps';
import { createEvent } from '../commands/create-event/create-event.handler';
import { createPerformance } from '../commands/create-performance/create-performance.handler';
import { holdSeats } from '../commands/hold-seats/hold-seats.handler';
import { releaseReservation } from '../commands/release-reservation/release-reservation.handler';
import { joinWaitlist } from '../commands/join-waitlist/join-waitlist.handler';
import { offerFreedSeats } from './offer-freed-seats';
import { pgWaitlist } from './waitlist.store';
import { autocommitReads } from '../queries/reservation.queries';

/** Waiting lists on real Postgres: joining, offers in line order, lapsed offers moving on, racing offerers. */
describe('waiting list of a sold-out performance', () => {
  let app: TestApp;
  let pool: Pool;
  let deps: TicketingDeps;
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api', DATABASE_POOL_MAX: '12' });
    pool = app.services.pool;
    deps = ticketingDeps({ ...app.services.write, clock }, null);
  });
  afterAll(() => app?.stop());
  afterEach(() => (offsetMs = 0));

  /** A performance whose every seat is held, by holders of up to `maxSeatsPerUser` seats each. */
  async function soldOut(seats: number, maxSeatsPerUser = 4) {
    const event = await createEvent(deps, { name: 'Sold out', description: '', venue: 'Hall', category: 'concert' });
    const now = Date.now();
    const p = await createPerformance(deps, {
      eventId: event.id, startsAt: new Date(now + 86_400_000), salesOpenAt: new Date(now - 60_000),
      grades: [{ name: 'R', price: 10_000, seats }], maxSeatsPerUser, holdSeconds: 60,
    });
    const holds: Array<{ userId: string; reservationId: string }> = [];
    for (let first = 1; first <= seats; first += maxSeatsPerUser) {
      const userId = newId();
      const seatNumbers = Array.from({ length: Math.min(maxSeatsPerUser, seats - first + 1) }, (_, i) => first + i);
      holds.push({ userId, reservationId: (await holdSeats(deps, userId, { performanceId: p.id, seatNumbers, idempotencyKey: newId() })).id });
    }
    const releaseAll = () => Promise.all(holds.map((h) => releaseReservation(deps, h.userId, { reservationId: h.reservationId })));
    return { p, releaseAll };
  }
  const join = (performanceId: string, userId: string, count: number) =>
    joinWaitlist(deps, userId, { performanceId, count }).then((e) => e, (err) => (err instanceof UserFacingError ? err.errors[0].code : `unexpected: ${(err as Error).message}`));
  /** Offers made for this performance (other tests' lines are served by the same passes). */
  const offersFor = async (performanceId: string) =>
    (await pool.query(`select count(*)::int as n from waitlist_entries where performance_id = $1 and reservation_id is not null`, [performanceId])).rows[0].n;
  const heldBy = async (reservationId: string) =>
    (await pool.query('select number from seats where reservation_id = $1 and held_until > now() order by number', [reservationId])).rows.map((r) => r.number);

  it('refuses while seats are free, one entry per user, positions in line, cap checked', async () => {
    const event = await createEvent(deps, { name: 'Open', description: '', venue: 'Hall', category: 'concert' });
    const p = await createPerformance(deps, {
      eventId: event.id, startsAt: new Date(Date.now() + 86_400_000), salesOpenAt: new Date(Date.now() - 1_000),
      grades: [{ name: 'R', price: 1_000, seats: 3 }], maxSeatsPerUser: 2, holdSeconds: 60,
    });
    expect(await join(p.id, newId(), 2)).toBe('SEATS_AVAILABLE');
    await holdSeats(deps, newId(), { performanceId: p.id, seatNumbers: [1, 2], idempotencyKey: newId() });
    expect(await join(p.id, newId(), 1)).toBe('SEATS_AVAILABLE'); // one seat is still free
    const [a, b] = [newId(), newId()];
    expect(await join(p.id, a, 3)).toBe('SEAT_LIMIT_EXCEEDED');
    const first = await join(p.id, a, 2);
    expect(first).toMatchObject({ status: 'WAITING', position: 1, count: 2 });
    expect(await join(p.id, a, 2)).toEqual(first); // again: the same entry
    expect(await join(p.id, b, 2)).toMatchObject({ position: 2 });
    expect(await join(newId(), b, 1)).toBe('NOT_FOUND');
  });

  it('freed seats go to the first in line as HELD offers; a lapsed offer moves on to the next', async () => {
    const { p, releaseAll } = await soldOut(4);
    const [b, c, d] = [newId(), newId(), newId()];
    for (const [user, count] of [[b, 2], [c, 1], [d, 2]] as const) expect(await join(p.id, user, count)).toMatchObject({ status: 'WAITING' });
    await offerFreedSeats(deps);
    expect(await offersFor(p.id)).toBe(0); // nothing free yet

    await releaseAll();
    await offerFreedSeats(deps);
    expect(await offersFor(p.id)).toBe(2); // b gets 2, c gets 1; d needs 2, 1 is left: d waits, nobody jumps it
    const entries = async (user: string) => (await pgWaitlist.mine(autocommitReads(pool), user))[0];
    const [eb, ec, ed] = [await entries(b), await entries(c), await entries(d)];
    expect([eb.status, ec.status, ed.status]).toEqual(['OFFERED', 'OFFERED', 'WAITING']);
    expect(ed.position).toBe(1);
    expect(await heldBy(eb.reservationId!)).toEqual([1, 2]);
    expect(await heldBy(ec.reservationId!)).toEqual([3]);
    const offer = (await pool.query('select user_id, status from reservations where id = $1', [eb.reservationId])).rows[0];
    expect(offer).toEqual({ user_id: b, status: 'HELD' });

    offsetMs = 61_000; // c's offer (and b's) run out unpaid
    await offerFreedSeats(deps);
    expect(await offersFor(p.id)).toBe(3); // d gets 2 of the 4 free again
    expect((await entries(c)).status).toBe('LAPSED');
    const dNow = await entries(d);
    expect(dNow.status).toBe('OFFERED');
    expect((await pool.query('select jsonb_array_length(seats) as n from reservations where id = $1', [dNow.reservationId])).rows[0].n).toBe(2);
  });

  it('50 users join at once and two offerers race: positions 1..50, no seat offered twice, offers in line order', async () => {
    const { p, releaseAll } = await soldOut(20);
    const users = Array.from({ length: 50 }, () => newId());
    const joined = await Promise.all(users.map((u) => join(p.id, u, 1)));
    expect(joined.every((e) => typeof e !== 'string')).toBe(true);
    const { rows: line } = await pool.query('select user_id from waitlist_entries where performance_id = $1 order by created_at, id', [p.id]);
    await releaseAll();
    await Promise.all([offerFreedSeats(deps), offerFreedSeats(deps)]);
    expect(await offersFor(p.id)).toBe(20);
    const { rows } = await pool.query(
      `select e.user_id, r.seats from waitlist_entries e join reservations r on r.id = e.reservation_id where e.performance_id = $1 and e.status = 'OFFERED'`, [p.id],
    );
    const seats = rows.flatMap((r) => r.seats.map((s: { number: number }) => s.number));
    expect(new Set(seats).size).toBe(20);
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set(line.slice(0, 20).map((r) => r.user_id))); // the first 20 in line, nobody else
  });
});

import type { Pool } from 'pg';
import { newId } from '../../shared/ids';
import { UserFacingError } from '../../shared/user-error';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import type { Clock } from '../../shared/clock';
import { pgWallets } from '../wallet';
import { ticketingDeps, type TicketingDeps } from './ticketing.deps';
import { createEvent } from './commands/create-event/create-event.handler';
import { createPerformance } from './commands/create-performance/create-performance.handler';
import { holdSeats } from './commands/hold-seats/hold-seats.handler';
import { payReservation } from './commands/pay-reservation/pay-reservation.handler';
import { releaseReservation } from './commands/release-reservation/release-reservation.handler';
import { ReservationSweeper } from './expiry/reservation-sweeper';
import { createLogger } from '../../infrastructure/logger';

/**
 * Seats are never sold twice: racing holds and payments on real Postgres (many pooled
 * connections at once), then invariants checked on the tables.
 */
describe('seat holds and payment under contention (real Postgres)', () => {
  let app: TestApp;
  let pool: Pool;
  let deps: TicketingDeps;
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
  const key = () => newId();

  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api', DATABASE_POOL_MAX: '16' });
    pool = app.services.pool;
    deps = ticketingDeps({ ...app.services.write, clock }, null);
  });
  afterAll(() => app?.stop());
  afterEach(() => {
    offsetMs = 0;
  });

  async function performance(seats = 50, opts: { holdSeconds?: number; maxSeatsPerUser?: number; price?: number } = {}) {
    const event = await createEvent(deps, { name: 'Opening night', description: '', venue: 'Hall', category: 'concert' });
    const now = Date.now();
    return createPerformance(deps, {
      eventId: event.id, startsAt: new Date(now + 86_400_000), salesOpenAt: new Date(now - 60_000),
      grades: [{ name: 'R', price: opts.price ?? 10_000, seats }], maxSeatsPerUser: opts.maxSeatsPerUser ?? 4, holdSeconds: opts.holdSeconds ?? 300,
    });
  }
  const fund = (userId: string, amount: number) => deps.transactions.withTransaction((tx) =>
    pgWallets.credit(tx, 'CHARGE', { transactionId: newId(), userId, amount, orderId: null, now: new Date() }));
  const codeOf = (err: unknown) => (err instanceof UserFacingError ? err.errors[0].code : `unexpected: ${(err as Error).message}`);
  const hold = (performanceId: string, userId: string, seatNumbers: number[]) =>
    holdSeats(deps, userId, { performanceId, seatNumbers, idempotencyKey: key() }).then((r) => r, (err) => codeOf(err));
  const seatRows = async (performanceId: string) =>
    (await pool.query('select number, sold, reservation_id, held_until from seats where performance_id = $1 order by number', [performanceId])).rows;

  it('100 racers for seat 7: exactly one holds it, the others hear SEAT_UNAVAILABLE', async () => {
    const p = await performance();
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => hold(p.id, newId(), [7])));
    const won = outcomes.filter((o) => typeof o !== 'string');
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'SEAT_UNAVAILABLE')).toHaveLength(99);
    const live = await pool.query(`select count(*)::int as n from reservations where performance_id = $1 and status = 'HELD'`, [p.id]);
    expect(live.rows[0].n).toBe(1);
  });

  it('500 racers holding random sets of 1–4 of 50 seats, 20 rounds: no partial hold, no seat with two holders, no deadlock', async () => {
    let unexpected = 0;
    for (let round = 0; round < 20; round++) {
      const p = await performance(50, { maxSeatsPerUser: 4 });
      const wants = Array.from({ length: 500 }, () => {
        const n = 1 + Math.floor(Math.random() * 4);
        return [...new Set(Array.from({ length: n }, () => 1 + Math.floor(Math.random() * 50)))];
      });
      const outcomes = await Promise.all(wants.map((seats) => hold(p.id, newId(), seats)));
      unexpected += outcomes.filter((o) => typeof o === 'string' && o !== 'SEAT_UNAVAILABLE').length;
      const rows = await seatRows(p.id);
      const heldBy = new Map<number, string>(rows.filter((r) => r.reservation_id).map((r) => [r.number, r.reservation_id]));
      outcomes.forEach((o, i) => {
        if (typeof o === 'string') return;
        // Every winner holds every seat it asked for (no partial hold) and no one else holds them.
        expect(o.seats.map((s) => s.number)).toEqual([...wants[i]].sort((a, b) => a - b));
        for (const n of wants[i]) expect(heldBy.get(n)).toBe(o.id);
      });
      const winners = outcomes.filter((o) => typeof o !== 'string');
      expect(winners.reduce((sum, o) => sum + (o as { seats: unknown[] }).seats.length, 0)).toBe(heldBy.size);
    }
    expect(unexpected).toBe(0);
  }, 120_000);

  it('the full flow for 300 users over three performances: every seat sold at most once, debits equal the sold seats, balances never negative', async () => {
    const performances = await Promise.all([performance(50, { price: 12_000 }), performance(50, { price: 12_000 }), performance(50, { price: 12_000 })]);
    const users = Array.from({ length: 300 }, () => newId());
    await Promise.all(users.map((u) => fund(u, 30_000)));
    const paid: string[] = [];
    let unexpected = 0;
    await Promise.all(users.map(async (userId) => {
      const p = performances[Math.floor(Math.random() * 3)];
      const seats = [...new Set([1 + Math.floor(Math.random() * 50), 1 + Math.floor(Math.random() * 50)])];
      const held = await hold(p.id, userId, seats);
      if (typeof held === 'string') {
        if (held !== 'SEAT_UNAVAILABLE') unexpected++;
        return;
      }
      const outcome = await payReservation(deps, userId, { reservationId: held.id, idempotencyKey: key() }).then(() => 'PAID', codeOf);
      if (outcome === 'PAID') paid.push(held.id);
      else if (outcome !== 'INSUFFICIENT_BALANCE') unexpected++;
    }));
    expect(unexpected).toBe(0);
    expect(paid.length).toBeGreaterThan(0);
    const ids = performances.map((p) => p.id);
    const sold = await pool.query(
      `select count(*)::int as seats, coalesce(sum(price), 0)::int as value, count(distinct (performance_id, number))::int as distinct_seats
       from seats where performance_id = any($1::uuid[]) and sold`, [ids]);
    const debits = await pool.query(
      `select coalesce(-sum(amount), 0)::int as debited, bool_and(balance_after >= 0) as never_negative
       from wallet_transactions where type = 'PAYMENT' and user_id = any($1::uuid[])`, [users]);
    const balances = await pool.query('select min(balance)::int as min from wallets where user_id = any($1::uuid[])', [users]);
    expect(sold.rows[0].seats).toBe(sold.rows[0].distinct_seats);
    expect(debits.rows[0].debited).toBe(sold.rows[0].value);
    expect(debits.rows[0].never_negative).toBe(true);
    expect(balances.rows[0].min).toBeGreaterThanOrEqual(0);
    const paidSeats = await pool.query(`select coalesce(sum(jsonb_array_length(seats)), 0)::int as n from reservations where id = any($1::uuid[]) and status = 'PAID'`, [paid]);
    expect(paidSeats.rows[0].n).toBe(sold.rows[0].seats);
  }, 120_000);

  it('an expired hold is bookable by someone else at once (no sweeper), and paying the old hold then fails with no debit', async () => {
    const p = await performance(10, { holdSeconds: 30 });
    const [first, second] = [newId(), newId()];
    await Promise.all([fund(first, 50_000), fund(second, 50_000)]);
    const held = await hold(p.id, first, [3, 4]);
    expect(typeof held).not.toBe('string');
    expect(await hold(p.id, second, [4])).toBe('SEAT_UNAVAILABLE');
    offsetMs = 31_000; // the hold has expired; no sweeper has run
    const again = await hold(p.id, second, [4]);
    expect(typeof again).not.toBe('string');
    const late = await payReservation(deps, first, { reservationId: (held as { id: string }).id, idempotencyKey: key() }).then(() => 'PAID', codeOf);
    expect(late).toBe('RESERVATION_EXPIRED');
    const debits = await pool.query(`select count(*)::int as n from wallet_transactions where user_id = $1 and type = 'PAYMENT'`, [first]);
    expect(debits.rows[0].n).toBe(0);
  });

  it('a hold past its expiry can still be paid while nobody held its seats since; the sweeper announces only unpaid ones', async () => {
    const p = await performance(10, { holdSeconds: 30 });
    const [payer, idle] = [newId(), newId()];
    await fund(payer, 50_000);
    const paidLate = await hold(p.id, payer, [1]);
    const abandoned = await hold(p.id, idle, [2, 3]);
    offsetMs = 31_000;
    await expect(payReservation(deps, payer, { reservationId: (paidLate as { id: string }).id, idempotencyKey: key() })).resolves.toMatchObject({
      reservation: { status: 'PAID' }, payment: { amount: 10_000 },
    });
    const sweeper = new ReservationSweeper(deps, createLogger('error'));
    expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    const rows = await pool.query('select status from reservations where id = $1', [(abandoned as { id: string }).id]);
    expect(rows.rows[0].status).toBe('EXPIRED');
    const seats = await seatRows(p.id);
    expect(seats.filter((s) => s.reservation_id).map((s) => [s.number, s.sold])).toEqual([[1, true]]);
  });

  it('the per-user cap counts live holds and paid seats, even when one user races several holds', async () => {
    const p = await performance(50, { maxSeatsPerUser: 4 });
    const userId = newId();
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => hold(p.id, userId, [i * 2 + 1, i * 2 + 2])));
    expect(outcomes.filter((o) => typeof o !== 'string')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'SEAT_LIMIT_EXCEEDED')).toHaveLength(4);
    const first = outcomes.find((o) => typeof o !== 'string') as { id: string };
    await releaseReservation(deps, userId, { reservationId: first.id });
    expect(typeof (await hold(p.id, userId, [40, 41]))).not.toBe('string');
  });
});

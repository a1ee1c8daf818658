import type { GraphQLSchema } from 'graphql';
import type { DomainEvent } from '../../../shared/event';
import { newId } from '../../../shared/ids';
import { PgTransactions } from '../../../shared/tx';
import { createAppPubSub } from '../../../graphql/pubsub';
import { Role } from '../../identity/domain/user';
import { race, raceDatabase, report, type RaceDb } from '../../../../test/support/snapshot-race';
import { createSeatMapProjection, type SeatMapProjection } from '../../../../projections/seat-map';
import { ensureTicketingTables, noRedis, reservationOf, ticketingHistory } from '../../../../projections/seat-map/seat-map.spec-support';
import { numberGrades, type Performance } from '../domain/performance';
import { openReservation, markReservationPaid } from '../domain/reservation';
import { pgEvents } from '../stores/event.store';
import { pgReservations } from '../stores/reservation.store';
import { buildReadSchema, contextOf, ok, run, type ReadServices } from './read-schema.spec-support';

let db: RaceDb;
let schema: GraphQLSchema;
let projection: SeatMapProjection;
let services: ReadServices;

beforeAll(async () => {
  db = await raceDatabase(20);
  await ensureTicketingTables(db.pool);
  const pubSub = createAppPubSub();
  schema = await buildReadSchema(pubSub);
  projection = createSeatMapProjection(db.pool, db.cache);
  services = { pool: db.pool, cache: db.cache, pubSub };
});
afterAll(() => db.close());

async function apply(events: DomainEvent[]): Promise<void> {
  const changes = await new PgTransactions(db.pool).withTransaction((tx) => projection.applyBatch(tx, events));
  await projection.afterCommit(changes);
}

const PERFORMANCE = `query ($id: ID!) {
  performance(id: $id) {
    id startsAt salesOpenAt seatCount availableSeatCount
    event { id name }
    grades { name price seats available }
    seats { number grade price status }
    free: seats(status: AVAILABLE) { number }
    gate { id }
  }
}`;

interface SeatAnswer { number: number; grade: string; price: number; status: string }
interface PerformanceAnswer {
  seatCount: number; availableSeatCount: number; grades: Array<{ name: string; seats: number; available: number }>;
  seats: SeatAnswer[]; free?: Array<{ number: number }>;
}

/** What one Performance answer says, checked against itself; null when it agrees. */
function contradiction(p: PerformanceAnswer): string | null {
  const free = p.seats.filter((s) => s.status === 'AVAILABLE');
  const problems: string[] = [];
  if (p.seats.length !== p.seatCount) problems.push(`${p.seats.length} seats listed, seatCount ${p.seatCount}`);
  if (free.length !== p.availableSeatCount) problems.push(`availableSeatCount ${p.availableSeatCount}, ${free.length} AVAILABLE seats listed`);
  if (p.free && p.free.length !== p.availableSeatCount) problems.push(`seats(status: AVAILABLE) has ${p.free.length}`);
  for (const g of p.grades) {
    const listed = free.filter((s) => s.grade === g.name).length;
    if (listed !== g.available) problems.push(`grade ${g.name}: available ${g.available}, ${listed} listed`);
  }
  return problems.length ? problems.join('; ') : null;
}

/** Holds, payments, releases and cancellations on one performance, each its own committed batch, as the projector applies them. */
function seatWriter(p: DomainEvent, seatCount: number) {
  const free = new Set(Array.from({ length: seatCount }, (_, i) => i + 1));
  const live: Array<{ r: ReturnType<typeof reservationOf>; seats: number[]; paid: boolean }> = [];
  let clock = Date.now();
  return async () => {
    if (live.length > 0 && (free.size < 3 || Math.random() < 0.45)) {
      const i = Math.floor(Math.random() * live.length);
      const { r, seats, paid } = live[i];
      if (!paid && Math.random() < 0.3) {
        live[i].paid = true;
        await apply([r.paid]);
        return;
      }
      live.splice(i, 1);
      seats.forEach((n) => free.add(n));
      await apply([paid ? r.cancelled : r.released]);
      return;
    }
    const pick = [...free].sort(() => Math.random() - 0.5).slice(0, 1 + Math.floor(Math.random() * 3));
    pick.forEach((n) => free.delete(n));
    const r = reservationOf(p, pick, newId((clock += 5)));
    live.push({ r, seats: pick, paid: false });
    await apply([r.held]);
  };
}

describe('performance(id): counts and seats from one statement', () => {
  it('availableSeatCount, grades.available and the seat list agree, with the event and no gate', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'VIP', price: 150_000, seats: 3 }, { name: 'R', price: 80_000, seats: 5 }]);
    const [a, b] = [reservationOf(p, [1, 4], newId(Date.now())), reservationOf(p, [5], newId(Date.now() + 10))];
    await apply([h.created, p, a.held, b.held, a.paid]);
    const { performance } = await ok<{ performance: PerformanceAnswer & Record<string, unknown> }>(
      schema, contextOf(services), PERFORMANCE, { id: p.aggregateId },
    );
    expect(performance).toMatchObject({
      id: p.aggregateId, seatCount: 8, availableSeatCount: 5, event: { id: h.eventId, name: 'Opening night' }, gate: null,
      grades: [{ name: 'VIP', price: 150_000, seats: 3, available: 2 }, { name: 'R', price: 80_000, seats: 5, available: 3 }],
    });
    expect(performance.seats.map((s) => s.status[0]).join('')).toBe('SAASHAAA');
    expect(performance.seats[3]).toEqual({ number: 4, grade: 'R', price: 80_000, status: 'SOLD' });
    expect(contradiction(performance)).toBeNull();
    const held = await ok<{ performance: { seats: SeatAnswer[] } }>(schema, contextOf(services),
      'query ($id: ID!) { performance(id: $id) { seats(status: HELD) { number status } } }', { id: p.aggregateId });
    expect(held.performance.seats).toEqual([{ number: 5, status: 'HELD' }]);
    expect((await ok(schema, contextOf(services), PERFORMANCE, { id: newId() })).performance).toBeNull();
    expect((await ok(schema, contextOf(services), PERFORMANCE, { id: 'not-an-id' })).performance).toBeNull();
  });

  it('gate: through services.queueAdmission when there is one', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'R', price: 1_000, seats: 1 }]);
    await apply([h.created, p]);
    const gateId = newId();
    const admission = { gateOf: async (r: { performanceId?: string }) => (r.performanceId === p.aggregateId ? { id: gateId } : null) };
    const ctx = contextOf({ ...services, queueAdmission: admission as never });
    expect(await ok(schema, ctx, 'query ($id: ID!) { performance(id: $id) { gate { id } } }', { id: p.aggregateId }))
      .toEqual({ performance: { gate: { id: gateId } } });
  });

  for (const [name, cached] of [['Postgres', false], ['Redis', true]] as const) {
    it(`agree in every answer while seats are held, paid and released (${name})`, async () => {
      const h = ticketingHistory();
      const p = h.performance([{ name: 'VIP', price: 100_000, seats: 12 }, { name: 'R', price: 60_000, seats: 28 }]);
      await apply([h.created, p]);
      const ctx = contextOf(cached ? services : { ...services, cache: noRedis });
      const counts = new Set<number>();
      const result = await race({
        ms: 3_000,
        readers: 4,
        write: seatWriter(p, 40),
        read: async () => {
          if (Math.random() < 0.7) {
            const { performance } = await ok<{ performance: PerformanceAnswer }>(schema, ctx, PERFORMANCE, { id: p.aggregateId });
            counts.add(performance.availableSeatCount);
            return contradiction(performance);
          }
          // An event's performances with their seats: every Performance in it agrees with itself, too.
          const { event } = await ok<{ event: { performances: PerformanceAnswer[] } }>(schema, ctx, `query ($id: ID!) {
            event(id: $id) { performances(availableOnly: false) { seatCount availableSeatCount grades { name seats available } seats { number grade price status } } }
          }`, { id: h.eventId });
          return event.performances.map(contradiction).find((c) => c !== null) ?? null;
        },
      });
      report(`performance seat map (${name})`, result);
      expect(result.contradictions).toEqual([]);
      // One event loop runs writer and readers: on a busy 2-core box a committed write plus its cache refresh
      // waits behind the readers' CPU, so the floors are modest; what matters is writes landing during reads.
      expect(result.reads).toBeGreaterThan(100);
      expect(result.writesDuringReads).toBeGreaterThan(10);
      expect(counts.size).toBeGreaterThan(3); // the readers saw the counts move
    });
  }
});

describe('events and event(id)', () => {
  it('pages events newest first with a totalCount from the same statement', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) {
      const h = ticketingHistory();
      await apply([h.created]);
      made.push(h.eventId);
    }
    const first = await ok<{ events: { totalCount: number; edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      schema, contextOf(services), '{ events(first: 2) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }');
    expect(first.events.edges.map((e) => e.node.id)).toEqual([made[2], made[1]]);
    expect(first.events.pageInfo.hasNextPage).toBe(true);
    const all = await ok<{ events: { totalCount: number; edges: unknown[] } }>(schema, contextOf({ ...services, cache: noRedis }),
      '{ events(first: 100) { totalCount edges { node { id } } } }');
    expect(first.events.totalCount).toBe(all.events.totalCount);
    const next = await ok<{ events: { edges: Array<{ node: { id: string } }> } }>(schema, contextOf(services),
      'query ($after: String) { events(first: 1, after: $after) { edges { node { id } } } }', { after: first.events.pageInfo.endCursor });
    expect(next.events.edges.map((e) => e.node.id)).toEqual([made[0]]);
    const bad = await run(schema, contextOf(services), '{ events(first: 1000) { totalCount } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('lists performances by start; availableOnly (the default) leaves out sold-out and started ones', async () => {
    const h = ticketingHistory();
    const soon = h.performance([{ name: 'R', price: 1_000, seats: 2 }], 3_600_000);
    const later = h.performance([{ name: 'R', price: 1_000, seats: 1 }], 7_200_000);
    const started = h.performance([{ name: 'R', price: 1_000, seats: 2 }], -60_000);
    const sold = reservationOf(later, [1], newId());
    await apply([h.created, soon, later, started, sold.held, sold.paid, reservationOf(soon, [2], newId()).held]);
    const query = `query ($id: ID!, $all: Boolean) { event(id: $id) { id name venue category
      performances(availableOnly: $all) { id startsAt salesOpenAt availableSeatCount } } }`;
    const { event } = await ok<{ event: { performances: Array<{ id: string; availableSeatCount: number }> } }>(
      schema, contextOf(services), query, { id: h.eventId });
    expect(event.performances).toEqual([expect.objectContaining({ id: soon.aggregateId, availableSeatCount: 1 })]);
    const everything = await ok<{ event: { performances: Array<{ id: string; availableSeatCount: number }> } }>(
      schema, contextOf(services), query, { id: h.eventId, all: false });
    expect(everything.event.performances.map((x) => [x.id, x.availableSeatCount])).toEqual([
      [started.aggregateId, 2], [soon.aggregateId, 1], [later.aggregateId, 0],
    ]);
    expect((await ok(schema, contextOf(services), query, { id: newId() })).event).toBeNull();
  });
});

describe('myReservations and reservation(id): the write model, exact for the owner', () => {
  const owner = { id: newId(), role: Role.CUSTOMER };
  const stranger = { id: newId(), role: Role.CUSTOMER };
  let performance: Performance;
  const ids: string[] = [];

  beforeAll(async () => {
    const now = new Date();
    const eventId = newId();
    const grades = numberGrades([{ name: 'R', price: 5_000, seats: 20 }]);
    performance = {
      id: newId(), eventId, startsAt: new Date(now.getTime() + 86_400_000), salesOpenAt: now, grades, seatCount: 20,
      maxSeatsPerUser: 10, holdSeconds: 300, createdAt: now,
    };
    await new PgTransactions(db.pool).withTransaction(async (tx) => {
      await pgEvents.insertEvent(tx, { id: eventId, name: 'Lecture', description: '', venue: 'Room 1', category: 'lecture', createdAt: now });
      await pgEvents.insertPerformance(tx, performance);
      for (let i = 0; i < 5; i++) {
        const held = openReservation({
          id: newId(now.getTime() + i), performanceId: performance.id, userId: owner.id,
          seats: [{ number: i + 1, grade: 'R', price: 5_000 }], now, holdSeconds: 300, queueToken: null,
        });
        await pgReservations.insert(tx, i < 2 ? markReservationPaid(held, newId(), now) : held);
        ids.push(held.id);
      }
      await pgReservations.insert(tx, openReservation({
        id: newId(), performanceId: performance.id, userId: stranger.id, seats: [{ number: 9, grade: 'R', price: 5_000 }], now, holdSeconds: 300, queueToken: null,
      }));
    });
  });

  const MINE = `query ($first: Int, $after: String, $status: ReservationStatus) {
    myReservations(first: $first, after: $after, status: $status) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id status total seats { number } performance { id seatCount } } }
    }
  }`;

  it('pages the owner\'s reservations newest first, with their totalCount and status filter', async () => {
    const ctx = contextOf(services, owner);
    const page = await ok<{ myReservations: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { id: string; status: string; performance: { id: string; seatCount: number } } }> } }>(
      schema, ctx, MINE, { first: 2 });
    expect(page.myReservations.totalCount).toBe(5);
    expect(page.myReservations.edges.map((e) => e.node.id)).toEqual([ids[4], ids[3]]);
    expect(page.myReservations.pageInfo.hasNextPage).toBe(true);
    // Not projected (written straight to the write model): the performance comes from the write model too.
    expect(page.myReservations.edges[0].node.performance).toEqual({ id: performance.id, seatCount: 20 });
    const rest = await ok<{ myReservations: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(
      schema, ctx, MINE, { first: 10, after: page.myReservations.pageInfo.endCursor });
    expect(rest.myReservations).toMatchObject({ totalCount: 5 });
    expect(rest.myReservations.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1], ids[0]]);
    const paid = await ok<{ myReservations: { totalCount: number; edges: Array<{ node: { status: string } }> } }>(schema, ctx, MINE, { status: 'PAID' });
    expect(paid.myReservations.totalCount).toBe(2);
    expect(paid.myReservations.edges.map((e) => e.node.status)).toEqual(['PAID', 'PAID']);
    const none = await ok<{ myReservations: { totalCount: number; edges: unknown[] } }>(schema, ctx, MINE, { status: 'CANCELLED' });
    expect(none.myReservations).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('reservation(id) is the owner\'s only; signed out is UNAUTHENTICATED', async () => {
    const query = 'query ($id: ID!) { reservation(id: $id) { id status performance { id } } }';
    expect(await ok(schema, contextOf(services, owner), query, { id: ids[0] }))
      .toEqual({ reservation: { id: ids[0], status: 'PAID', performance: { id: performance.id } } });
    expect(await ok(schema, contextOf(services, stranger), query, { id: ids[0] })).toEqual({ reservation: null });
    const anonymous = await run(schema, contextOf(services), query, { id: ids[0] });
    expect(anonymous.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const signedOut = await run(schema, contextOf(services), MINE, {});
    expect(signedOut.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

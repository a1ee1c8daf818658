import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { connectNats, subjectPrefix, type Nats } from '../../../infrastructure/nats/nats';
import { createLogger } from '../../../infrastructure/logger';
import { createAppPubSub, type AppPubSub } from '../../../graphql/pubsub';
import { subjectOf, type DomainEvent } from '../../../shared/event';
import { newId } from '../../../shared/ids';
import { PgTransactions } from '../../../shared/tx';
import { Role } from '../../identity/domain/user';
import { raceDatabase, type RaceDb } from '../../../../test/support/snapshot-race';
import { ensureTicketingTables } from '../../../../projections/seat-map/seat-map.spec-support';
import { numberGrades, type Performance } from '../domain/performance';
import { markReservationEnded, markReservationPaid, openReservation, type Reservation } from '../domain/reservation';
import { reservationPaid, seatsHeld, seatsReleased } from '../events';
import { pgEvents } from '../stores/event.store';
import { pgReservations } from '../stores/reservation.store';
import { pgSeats } from '../stores/seat.store';
import { buildReadSchema, contextOf, subscription } from '../queries/read-schema.spec-support';
import { TicketingFanout } from './index';

/**
 * The live path across two API instances: events published on the real JetStream stream, two
 * fan-outs (two processes' PubSubs), graphql-js subscriptions on each. The write model is
 * written through the module's stores (no outbox: the test publishes what the relay would).
 */
let db: RaceDb;
let nats: Nats;
let schema: GraphQLSchema;
const pubSubs: AppPubSub[] = [createAppPubSub(), createAppPubSub()];
const fanouts: TicketingFanout[] = [];
const owner = { id: newId(), role: Role.CUSTOMER };
const other = { id: newId(), role: Role.CUSTOMER };

beforeAll(async () => {
  db = await raceDatabase(8);
  await ensureTicketingTables(db.pool);
  nats = await connectNats(process.env.NATS_URL!, process.env.NATS_STREAM ?? 'STAMPEDE_TEST', `ticketing-live-spec-${process.pid}`);
  schema = await buildReadSchema(pubSubs[0]);
  for (const pubSub of pubSubs) {
    const fanout = new TicketingFanout(nats, pubSub, db.pool, createLogger('silent'));
    await fanout.start();
    fanouts.push(fanout);
  }
});
afterAll(async () => {
  for (const fanout of fanouts) await fanout.stop();
  await nats?.nc.drain().catch(() => undefined);
  await db?.close();
});

const publish = (event: DomainEvent, msgID = event.id) =>
  nats.js.publish(`${subjectPrefix(nats.stream)}.${subjectOf(event)}`, JSON.stringify(event), { msgID });
const tx = <T>(work: Parameters<PgTransactions['withTransaction']>[0]) => new PgTransactions(db.pool).withTransaction(work) as Promise<T>;

async function nextOf(results: AsyncIterableIterator<ExecutionResult>, ms = 5_000): Promise<ExecutionResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no subscription message within ${ms} ms`)), ms);
  });
  try {
    const { value } = await Promise.race([results.next(), timeout]);
    return value as ExecutionResult;
  } finally {
    clearTimeout(timer);
  }
}

async function performanceWithSeats(seats: number): Promise<Performance> {
  const now = new Date();
  const eventId = newId();
  const performance: Performance = {
    id: newId(), eventId, startsAt: new Date(now.getTime() + 86_400_000), salesOpenAt: now, grades: numberGrades([{ name: 'R', price: 7_000, seats }]),
    seatCount: seats, maxSeatsPerUser: 4, holdSeconds: 60, createdAt: now,
  };
  await tx(async (t) => {
    await pgEvents.insertEvent(t, { id: eventId, name: 'Matinee', description: '', venue: 'Hall', category: 'concert', createdAt: now });
    await pgEvents.insertPerformance(t, performance);
  });
  return performance;
}

/** A hold as holdSeats writes it (seats and reservation), returning the event the relay would publish. */
async function hold(p: Performance, userId: string, numbers: number[], at = new Date()): Promise<{ r: Reservation; event: DomainEvent }> {
  const r = openReservation({
    id: newId(at.getTime()), performanceId: p.id, userId, seats: numbers.map((n) => ({ number: n, grade: 'R', price: 7_000 })),
    now: at, holdSeconds: p.holdSeconds, queueToken: null,
  });
  await tx(async (t) => {
    await pgSeats.hold(t, p.id, numbers, r.id, new Date(r.expiresAt));
    await pgReservations.insert(t, r);
  });
  return { r, event: seatsHeld(r, at) };
}

const SEATS = 'subscription ($id: ID!) { seatsChanged(performanceId: $id) { number grade price status } }';
const STATUS = 'subscription ($id: ID!) { reservationStatusChanged(reservationId: $id) { reservationId status previousStatus version } }';

describe('seatsChanged and reservationStatusChanged through JetStream', () => {
  it('reach subscribers on every instance; a late release frees only the seats nobody has held since; stale events are dropped', async () => {
    const p = await performanceWithSeats(5);
    const watchers = await Promise.all(pubSubs.map((pubSub) => subscription(schema, contextOf({ pool: db.pool, cache: null as never, pubSub }), SEATS, { id: p.id })));

    const first = await hold(p, owner.id, [1, 2], new Date(Date.now() - 120_000)); // a hold that has expired by now
    const status = await subscription(schema, contextOf({ pool: db.pool, cache: null as never, pubSub: pubSubs[0] }, owner), STATUS, { id: first.r.id });
    expect((await nextOf(status)).data).toEqual({ reservationStatusChanged: { reservationId: first.r.id, status: 'HELD', previousStatus: null, version: 1 } });
    await publish(first.event);
    for (const watcher of watchers) {
      expect((await nextOf(watcher)).data).toEqual({ seatsChanged: [
        { number: 1, grade: 'R', price: 7_000, status: 'HELD' }, { number: 2, grade: 'R', price: 7_000, status: 'HELD' },
      ] });
    }

    // Someone else holds seat 2 (the first hold has expired); then the sweeper announces the expiry.
    const second = await hold(p, other.id, [2]);
    await publish(second.event);
    for (const watcher of watchers) expect((await nextOf(watcher)).data).toEqual({ seatsChanged: [{ number: 2, grade: 'R', price: 7_000, status: 'HELD' }] });
    const expired = markReservationEnded(first.r, 'EXPIRED');
    await tx(async (t) => {
      await pgSeats.free(t, [first.r.id]);
      await pgReservations.transition(t, first.r.version, expired);
    });
    await publish(seatsReleased(expired, 'HELD', 0, new Date()));
    for (const watcher of watchers) expect((await nextOf(watcher)).data).toEqual({ seatsChanged: [{ number: 1, grade: 'R', price: 7_000, status: 'AVAILABLE' }] });
    expect((await nextOf(status)).data).toMatchObject({ reservationStatusChanged: { status: 'EXPIRED', previousStatus: 'HELD', version: 2 } });

    // The first hold delivered again (a redelivery under another message id): nothing; the next change comes through.
    await publish(first.event, newId());
    const paid = markReservationPaid(second.r, newId(), new Date());
    await tx(async (t) => {
      await pgSeats.sell(t, p.id, second.r.id);
      await pgReservations.transition(t, second.r.version, paid);
    });
    await publish(reservationPaid(paid, new Date()));
    for (const watcher of watchers) expect((await nextOf(watcher)).data).toEqual({ seatsChanged: [{ number: 2, grade: 'R', price: 7_000, status: 'SOLD' }] });

    await Promise.all([...watchers, status].map((w) => w.return?.()));
  });

  it('reservationStatusChanged is for the owner only: anyone else (or a made-up id) is FORBIDDEN', async () => {
    const p = await performanceWithSeats(2);
    const { r } = await hold(p, owner.id, [1]);
    for (const [user, id] of [[other, r.id], [owner, newId()], [owner, 'nope']] as const) {
      await expect(subscription(schema, contextOf({ pool: db.pool, cache: null as never, pubSub: pubSubs[0] }, user), STATUS, { id }))
        .rejects.toMatchObject({ result: { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })] } });
    }
    const signedOut = subscription(schema, contextOf({ pool: db.pool, cache: null as never, pubSub: pubSubs[0] }), STATUS, { id: r.id });
    await expect(signedOut).rejects.toMatchObject({ result: { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })] } });
    const badId = subscription(schema, contextOf({ pool: db.pool, cache: null as never, pubSub: pubSubs[0] }), SEATS, { id: 'nope' });
    await expect(badId).rejects.toMatchObject({ result: { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })] } });
  });
});

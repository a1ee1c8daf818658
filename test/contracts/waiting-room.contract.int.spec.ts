import Redis from 'ioredis';
import { newId } from '../../src/shared/ids';
import type { Transactions, Tx } from '../../src/shared/tx';
import type { Gate } from '../../src/modules/waiting-room/domain/gate';
import type { Ticket } from '../../src/modules/waiting-room/domain/ticket';
import { LiveQueue, ticketJsonOf } from '../../src/modules/waiting-room/live/live-queue';
import { pgGates, type GateStore } from '../../src/modules/waiting-room/stores/gate.store';
import { pgTickets, type TicketStore } from '../../src/modules/waiting-room/stores/ticket.store';
import { FakeGates, FakeLiveQueue, FakeTickets, fakeWorld } from '../support/fakes';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The waiting room's fakes against the real thing: FakeGates/FakeTickets run the same cases as
 * pgGates/pgTickets in Postgres, and FakeLiveQueue runs one scripted scenario next to the Lua
 * scripts in Redis — every answer must be equal (journal stream ids aside: Redis makes those).
 */
const T = new Date('2026-03-01T09:00:00.000Z').getTime();
const gateOf = (overrides: Partial<Gate> = {}): Gate => ({
  id: newId(), performanceId: newId(), productId: null, state: 'OPEN', fairness: 'FIFO', maxActive: 1, admitPerMinute: 600,
  activeTtlSeconds: 60, heartbeatGraceSeconds: 10, prequeueOpensAt: null, opensAt: null, version: 1, createdAt: new Date(T), updatedAt: new Date(T), ...overrides,
});

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
});
afterAll(async () => {
  await app?.stop();
});

interface Side { transactions: Transactions; gates: GateStore; tickets: TicketStore }
const sides: Record<'fake' | 'postgres', () => Side> = {
  fake: () => {
    const w = fakeWorld();
    const gates = new FakeGates();
    const tickets = new FakeTickets(gates);
    w.transactions.register(gates, tickets);
    return { transactions: w.transactions, gates, tickets };
  },
  postgres: () => ({ transactions: app.services.write.transactions, gates: pgGates, tickets: pgTickets }),
};

describe.each(['fake', 'postgres'] as const)('gate and ticket store contract: %s', (name) => {
  let s: Side;
  beforeEach(() => {
    s = sides[name]();
  });
  const tx = <X>(work: (tx: Tx) => Promise<X>) => s.transactions.withTransaction(work);

  it('gates: insert once per resource, load as written, update only from the version read, ofResource, all', async () => {
    const g = gateOf();
    expect(await tx((t) => s.gates.insert(t, g))).toBe(true);
    expect(await tx((t) => s.gates.insert(t, { ...gateOf(), performanceId: g.performanceId }))).toBe(false);
    expect(await tx((t) => s.gates.load(t, g.id))).toEqual(g);
    const edited = { ...g, state: 'PAUSED' as const, maxActive: 7, version: 2, updatedAt: new Date(T + 1_000) };
    expect(await tx((t) => s.gates.update(t, 2, edited))).toBe(false);
    expect(await tx((t) => s.gates.update(t, 1, edited))).toBe(true);
    expect(await tx((t) => s.gates.load(t, g.id))).toEqual(edited);
    expect(await tx((t) => s.gates.ofResource(t, { performanceId: g.performanceId! }))).toEqual(edited);
    expect(await tx((t) => s.gates.ofResource(t, { productId: newId() }))).toBeNull();
    expect((await tx((t) => s.gates.all(t))).map((x) => x.id)).toContain(g.id);
  });

  it('tickets: record returns only moves new to it, keeps the newest version, and ahead/counts/forRebuild read it back', async () => {
    const g = gateOf();
    await tx((t) => s.gates.insert(t, g));
    const ticket = (n: number, overrides: Partial<Ticket> = {}): Ticket => ({
      id: newId(), gateId: g.id, userId: newId(), seq: n, orderKey: n, prequeued: false, status: 'WAITING', enteredAt: new Date(T + n),
      admittedAt: null, admittedNo: null, expiresAt: null, endedAt: null, endReason: null, version: 1, ...overrides,
    });
    const [a, b, c] = [ticket(1), ticket(2), ticket(3)];
    const aActive: Ticket = { ...a, status: 'ACTIVE', admittedAt: new Date(T + 10), admittedNo: 1, expiresAt: new Date(T + 60_010), version: 2 };
    const moves = [
      { move: 'ENTERED' as const, ticket: a, at: a.enteredAt }, { move: 'ENTERED' as const, ticket: b, at: b.enteredAt },
      { move: 'ADMITTED' as const, ticket: aActive, at: aActive.admittedAt! },
    ];
    expect((await tx((t) => s.tickets.record(t, moves))).map((m) => [m.ticket.id, m.move])).toEqual([[a.id, 'ENTERED'], [b.id, 'ENTERED'], [a.id, 'ADMITTED']]);
    // again, with an older snapshot of a and a new ticket: only c's move is new, a stays ACTIVE
    expect((await tx((t) => s.tickets.record(t, [moves[0], { move: 'ENTERED', ticket: c, at: c.enteredAt }]))).map((m) => m.ticket.id)).toEqual([c.id]);
    expect(await tx((t) => s.tickets.byId(t, a.id))).toEqual(aActive);
    expect(await tx((t) => s.tickets.byId(t, newId()))).toBeNull();
    expect(await tx((t) => Promise.all([s.tickets.ahead(t, b), s.tickets.ahead(t, c)]))).toEqual([0, 1]);
    expect(await tx((t) => s.tickets.counts(t, g.id, new Date(T + 20)))).toEqual({ waiting: 2, active: 1, admittedLastMinute: 1, oldestAdmission: T + 10 });
    expect(await tx((t) => s.tickets.counts(t, g.id, new Date(T + 61_000)))).toEqual({ waiting: 2, active: 0, admittedLastMinute: 0, oldestAdmission: null });
    const rebuild = await tx((t) => s.tickets.forRebuild(t, g.id, new Date(T)));
    expect(rebuild).toEqual({ tickets: [aActive, b, c], seq: 3, admittedNo: 1 });
  });
});

/** One scripted run over a live queue; every answer is kept (stream ids blanked). */
async function scenario(live: Omit<LiveQueue, 'redis'>, ids: { gate: Gate; pre: Gate; rebuilt: Gate; users: string[]; tickets: string[] }): Promise<unknown[]> {
  const { gate, pre, rebuilt, users: u, tickets: t } = ids;
  const out: unknown[] = [];
  const keep = async (label: string, answer: Promise<unknown>) => out.push([label, JSON.parse(JSON.stringify(await answer ?? null, (k, v) => (k === 'streamId' ? '-' : v)))]);
  const g = gate.id;
  await keep('missing', live.enter(g, u[0], t[0], T, 0, 1));
  await keep('reset empty', live.reset(g));
  await live.loadConfig(gate, 0, 0, T, false);
  await keep('reset ready', live.reset(g));
  await keep('enter admitted', live.enter(g, u[0], t[0], T, 0, 1));
  await keep('enter waits', live.enter(g, u[1], t[1], T + 1, 0, 1));
  await keep('enter waits 2', live.enter(g, u[2], t[2], T + 2, 0, 1));
  await keep('enter again', live.enter(g, u[1], newId(), T + 3, 0, 1));
  await keep('read', live.read(g, t[2], T + 4, true));
  await keep('read none', live.read(g, newId(), T + 4, true));
  await keep('stats', live.stats(g, T + 5));
  await keep('activeUntil', live.activeUntil(g, t[0]));
  await keep('extend', live.extend(g, t[0], T + 120_000, T + 6));
  await keep('extend earlier', live.extend(g, t[0], T + 1, T + 7));
  await keep('end admits next', live.end(g, t[0], T + 8, 'COMPLETED', 1));
  await keep('config updated', live.config({ ...gate, version: 2, maxActive: 2 }));
  await keep('config current', live.config({ ...gate, version: 2, maxActive: 5 }));
  await keep('tick admits', live.tick(g, T + 9, 100));
  await keep('tick ttl', live.tick(g, T + 70_000, 100));
  await keep('pause', live.config({ ...gate, version: 3, state: 'PAUSED', maxActive: 2 }));
  await keep('enter paused', live.enter(g, u[3], t[3], T + 70_001, 0, 1));
  await keep('tick heartbeat', live.tick(g, T + 80_002, 100));
  await keep('close', live.config({ ...gate, version: 4, state: 'CLOSED', maxActive: 2 }));
  await keep('enter closed', live.enter(g, u[4], t[4], T + 80_003, 0, 1));
  await keep('end left', live.end(g, t[3], T + 80_004, 'LEFT', 1));
  await keep('lock', Promise.all([live.lock(g, 'a', 5_000), live.lock(g, 'b', 5_000)]));
  await live.unlock(g, 'b');
  await keep('lock held', live.lock(g, 'c', 5_000));
  await live.unlock(g, 'a');
  await keep('lock freed', live.lock(g, 'c', 5_000));
  await keep('journal', live.journalBefore(g, Date.now() + 60_000, 1_000).then((es) => es.map((e) => [e.kind, e.ticket.id, e.ticket.v])));

  // RANDOM_PREQUEUE: entrants of the window draw keys, admitted by key once it opens; later ones follow in order
  await live.loadConfig(pre, 0, 0, T, false);
  await keep('not open', live.enter(pre.id, u[0], t[5], T - 1, 5, 1));
  await keep('pre 1', live.enter(pre.id, u[0], t[5], T + 10, 900, 1));
  await keep('pre 2', live.enter(pre.id, u[1], t[6], T + 20, 42, 1));
  await keep('late', live.enter(pre.id, u[2], t[7], T + 2_000, 1, 1));
  await keep('pre tick', live.tick(pre.id, T + 2_001, 100));

  // a rebuild: tickets and settings loaded from Postgres's record
  const waiting: Ticket = { id: t[8], gateId: rebuilt.id, userId: u[5], seq: 4, orderKey: 4, prequeued: false, status: 'WAITING', enteredAt: new Date(T), admittedAt: null, admittedNo: null, expiresAt: null, endedAt: null, endReason: null, version: 1 };
  const active: Ticket = { ...waiting, id: t[9], userId: u[6], seq: 3, orderKey: 3, status: 'ACTIVE', admittedAt: new Date(T - 1_000), admittedNo: 7, expiresAt: new Date(T + 30_000), version: 2 };
  await live.load(rebuilt.id, T, [waiting, active].map((x) => ({ json: ticketJsonOf(x), orderKey: x.orderKey })));
  await live.loadConfig(rebuilt, 4, 7, T, true);
  await keep('rebuilt read', live.read(rebuilt.id, t[8], T + 1, false));
  await keep('rebuilt stats', live.stats(rebuilt.id, T + 1));
  await keep('rebuilt enter', live.enter(rebuilt.id, u[0], t[10], T + 2, 0, 1));
  await keep('rebuilt end', live.end(rebuilt.id, t[9], T + 3, 'COMPLETED', 1));
  return out;
}

describe('live queue contract: FakeLiveQueue answers as the Lua scripts in Redis do', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterAll(() => redis.disconnect());

  it('the same scripted run (enter, read, tick, end, extend, config, stats, locks, journal, prequeue, rebuild) gives equal answers', async () => {
    const ids = {
      gate: gateOf(), pre: gateOf({ fairness: 'RANDOM_PREQUEUE', prequeueOpensAt: new Date(T), opensAt: new Date(T + 1_000) }),
      rebuilt: gateOf({ maxActive: 1 }),
      users: Array.from({ length: 7 }, () => newId()), tickets: Array.from({ length: 11 }, () => newId()),
    };
    const real = await scenario(new LiveQueue(redis), ids);
    const fake = await scenario(new FakeLiveQueue(), ids);
    expect(fake).toEqual(real);
    expect(real.length).toBeGreaterThan(30);
  });
});

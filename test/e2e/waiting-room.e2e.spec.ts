import 'reflect-metadata';
import { graphql, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { mergeErrorCodes, registerErrorCodes } from '../../src/graphql/error-code';
import { createAppPubSub } from '../../src/graphql/pubsub';
import type { AppContext, Services } from '../../src/graphql/context';
import { connectNats, subjectPrefix, type Nats } from '../../src/infrastructure/nats/nats';
import { OutboxRelay } from '../../src/infrastructure/nats/outbox-relay';
import { newId } from '../../src/shared/ids';
import { WaitingRoomErrorCode, waitingRoomModule } from '../../src/modules/waiting-room';
import { servicesAround, type WaitingRoomServices } from '../../src/modules/waiting-room/waiting-room.runtime';
import { checkOurOutboxRows, openRoom, prepareDatabase, type RoomHandle } from '../../src/modules/waiting-room/testing/room-harness';

/**
 * The waiting room's GraphQL contract (issue 9), executed on a schema built from the module's
 * own resolvers (until it is in the module list), against this run's Postgres, Redis and NATS:
 * mutations, queries, the queueTicketChanged subscription, and the events on the stream.
 */
const authChecker: AuthChecker<AppContext> = ({ context }, roles) => {
  if (!context.user) throw new GraphQLError('Sign in first', { extensions: { code: 'UNAUTHENTICATED' } });
  if (roles.length > 0 && !roles.includes(context.user.role)) throw new GraphQLError('You may not do this', { extensions: { code: 'FORBIDDEN' } });
  return true;
};

type User = { id: string; role: string };
const admin: User = { id: newId(), role: 'ADMIN' };
const shopper = (): User => ({ id: newId(), role: 'CUSTOMER' });

const GATE_FIELDS = 'id state fairness maxActive admitPerMinute activeTtlSeconds heartbeatGraceSeconds waiting active admittedLastMinute estimatedWaitSeconds';
const TICKET_FIELDS = 'token gateId status position estimatedWaitSeconds admittedAt expiresAt';
const CREATE = `mutation($input: CreateGateInput!) { createGate(input: $input) { gate { ${GATE_FIELDS} } userErrors { code field message } } }`;
const UPDATE = `mutation($input: UpdateGateInput!) { updateGate(input: $input) { gate { ${GATE_FIELDS} } userErrors { code field } } }`;
const GATE = `query($id: ID!) { gate(id: $id) { ${GATE_FIELDS} } }`;
const ENTER = `mutation($gateId: ID!) { enterQueue(input: { gateId: $gateId }) { ticket { ${TICKET_FIELDS} } userErrors { code field } } }`;
const LEAVE = `mutation($token: String!) { leaveQueue(input: { token: $token }) { ticket { ${TICKET_FIELDS} } userErrors { code field } } }`;
const TICKET = `query($token: String!) { queueTicket(token: $token) { ${TICKET_FIELDS} } }`;
const CHANGED = `subscription($token: String!) { queueTicketChanged(token: $token) { ${TICKET_FIELDS} } }`;

describe('waiting room over GraphQL', () => {
  let h: RoomHandle;
  let wr: WaitingRoomServices;
  let schema: GraphQLSchema;
  let nats: Nats;
  let relay: OutboxRelay;

  const context = (user: User | null): AppContext => ({
    requestId: newId(), user: user as AppContext['user'], badToken: false, ip: '127.0.0.1',
    services: { modules: { 'waiting-room': wr } } as unknown as Services,
    loaders: {} as AppContext['loaders'], log: h.room.deps.log,
  });
  async function run<T = Record<string, any>>(user: User | null, source: string, variableValues: Record<string, unknown> = {}): Promise<ExecutionResult<T>> {
    return (await graphql({ schema, source, variableValues, contextValue: context(user) })) as ExecutionResult<T>;
  }
  async function ok(user: User | null, source: string, variableValues: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const result = await run(user, source, variableValues);
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  }
  async function watch(user: User, token: string) {
    const stream = await subscribe({ schema, document: parse(CHANGED), variableValues: { token }, contextValue: context(user) });
    if (!(Symbol.asyncIterator in stream)) throw new Error(JSON.stringify((stream as ExecutionResult).errors));
    const it = stream as AsyncGenerator<ExecutionResult<{ queueTicketChanged: Record<string, any> }>>;
    return {
      async next(timeoutMs = 3_000) {
        const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
        const got = await Promise.race([it.next(), timer]);
        if (got === 'timeout') return 'timeout';
        if (got.done) return 'done';
        return got.value.data!.queueTicketChanged;
      },
      close: () => it.return(undefined),
    };
  }
  const createGate = async (input: Record<string, unknown>) => (await ok(admin, CREATE, { input: { productId: newId(), ...input } })).createGate.gate;
  const enter = async (user: User, gateId: string) => (await ok(user, ENTER, { gateId })).enterQueue;

  beforeAll(async () => {
    await prepareDatabase();
    h = await openRoom();
    wr = servicesAround(() => h.room);
    wr.retain();
    registerErrorCodes(mergeErrorCodes([WaitingRoomErrorCode]));
    schema = await buildSchema({
      resolvers: waitingRoomModule.resolvers as unknown as [Function, ...Function[]],
      authChecker, pubSub: createAppPubSub(), validate: false, scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    });
    nats = await connectNats(process.env.NATS_URL!, process.env.NATS_STREAM ?? 'STAMPEDE_H4', 'waiting-room-e2e');
    relay = new OutboxRelay(h.pool, nats, process.env.DATABASE_URL!, pino({ level: 'silent' }));
    await relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    await nats?.nc.drain();
    const contract = await checkOurOutboxRows(h.pool);
    await wr?.release(); // closes the room's Redis connection
    await h?.pool.end();
    expect(contract.problems).toEqual([]);
  });

  it('createGate: defaults, the one-resource rule, admins only', async () => {
    const gate = await createGate({ maxActive: 2, admitPerMinute: 120 });
    expect(gate).toMatchObject({
      state: 'OPEN', fairness: 'FIFO', maxActive: 2, admitPerMinute: 120, activeTtlSeconds: 600, heartbeatGraceSeconds: 60,
      waiting: 0, active: 0, admittedLastMinute: 0, estimatedWaitSeconds: null,
    });
    const both = await ok(admin, CREATE, { input: { productId: newId(), performanceId: newId(), maxActive: 1, admitPerMinute: 1 } });
    expect(both.createGate).toMatchObject({ gate: null, userErrors: [{ code: 'BAD_USER_INPUT', field: ['input', 'productId'] }] });
    const bad = await ok(admin, CREATE, { input: { productId: newId(), maxActive: 0, admitPerMinute: 1 } });
    expect(bad.createGate.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'maxActive'] });
    const productId = newId();
    await createGate({ productId, maxActive: 1, admitPerMinute: 1 });
    const twice = await ok(admin, CREATE, { input: { productId, maxActive: 1, admitPerMinute: 1 } });
    expect(twice.createGate.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'productId'] })]);
    expect((await run(shopper(), CREATE, { input: { productId: newId(), maxActive: 1, admitPerMinute: 1 } })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await run(shopper(), GATE, { id: gate.id })).errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('enterQueue: one ticket per user (5 in parallel), positions, queueTicket only for its owner; leaveQueue', async () => {
    const gate = await createGate({ maxActive: 1, admitPerMinute: 600 });
    const [first, second, third] = [shopper(), shopper(), shopper()];
    expect((await enter(first, gate.id)).ticket).toMatchObject({ status: 'ACTIVE', position: null, estimatedWaitSeconds: 0 });
    const five = await Promise.all(Array.from({ length: 5 }, () => enter(second, gate.id)));
    expect(new Set(five.map((p) => p.ticket.token)).size).toBe(1);
    expect(five[0]).toMatchObject({ ticket: { status: 'WAITING', position: 1, gateId: gate.id, admittedAt: null, expiresAt: null }, userErrors: [] });
    const t3 = (await enter(third, gate.id)).ticket;
    expect(t3.position).toBe(2);
    expect((await ok(third, TICKET, { token: t3.token })).queueTicket).toMatchObject({ status: 'WAITING', position: 2 });
    expect((await ok(second, TICKET, { token: t3.token })).queueTicket).toBeNull(); // not theirs
    expect((await ok(third, TICKET, { token: 'forged' })).queueTicket).toBeNull();
    expect((await run(null, ENTER, { gateId: gate.id })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await ok(first, ENTER, { gateId: newId() })).enterQueue.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'gateId'] }]);

    expect((await ok(second, LEAVE, { token: t3.token })).leaveQueue.userErrors).toEqual([{ code: 'QUEUE_TOKEN_REQUIRED', field: ['input', 'token'] }]);
    const left = (await ok(second, LEAVE, { token: five[0].ticket.token })).leaveQueue;
    expect(left).toMatchObject({ ticket: { status: 'EXPIRED', position: null }, userErrors: [] });
    expect((await ok(third, TICKET, { token: t3.token })).queueTicket.position).toBe(1);
    const view = (await ok(admin, GATE, { id: gate.id })).gate;
    expect(view).toMatchObject({ waiting: 1, active: 1, admittedLastMinute: 1 });
    expect(view.estimatedWaitSeconds).toBeGreaterThan(0); // measured: 1 admission over the 5 s floor
  });

  it('updateGate: PAUSED admits nobody, OPEN with a higher maxActive admits at once', async () => {
    const gate = await createGate({ maxActive: 1, admitPerMinute: 600 });
    const people = [shopper(), shopper(), shopper()];
    const tickets = [];
    for (const p of people) tickets.push((await enter(p, gate.id)).ticket);
    const paused = (await ok(admin, UPDATE, { input: { id: gate.id, state: 'PAUSED', maxActive: 3 } })).updateGate.gate;
    expect(paused).toMatchObject({ state: 'PAUSED', maxActive: 3, active: 1, waiting: 2 });
    const started = Date.now();
    const opened = (await ok(admin, UPDATE, { input: { id: gate.id, state: 'OPEN' } })).updateGate.gate;
    expect(opened).toMatchObject({ state: 'OPEN', active: 3, waiting: 0 });
    expect((await ok(people[2], TICKET, { token: tickets[2].token })).queueTicket.status).toBe('ACTIVE');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await ok(admin, UPDATE, { input: { id: newId(), state: 'OPEN' } })).updateGate.userErrors[0].code).toBe('NOT_FOUND');
  });

  it('queueTicketChanged: the ticket now, ACTIVE at once on admission, EXPIRED last; refuses a foreign token', async () => {
    const gate = await createGate({ maxActive: 1, admitPerMinute: 600 });
    const [holder, waiter] = [shopper(), shopper()];
    const held = (await enter(holder, gate.id)).ticket;
    const waiting = (await enter(waiter, gate.id)).ticket;
    const foreign = await subscribe({ schema, document: parse(CHANGED), variableValues: { token: waiting.token }, contextValue: context(holder) });
    expect((foreign as ExecutionResult).errors![0].extensions!.code).toBe('FORBIDDEN');

    const feed = await watch(waiter, waiting.token);
    expect(await feed.next()).toMatchObject({ status: 'WAITING', position: 1 });
    const started = Date.now();
    await ok(holder, LEAVE, { token: held.token }); // frees the slot: the waiter is admitted at once
    let message = await feed.next();
    while (typeof message === 'object' && message.status === 'WAITING') message = await feed.next();
    expect(message).toMatchObject({ status: 'ACTIVE', position: null, estimatedWaitSeconds: 0 });
    expect(Date.now() - started).toBeLessThan(1_000);
    await h.room.complete(waiting.token);
    expect(await feed.next()).toMatchObject({ status: 'EXPIRED' });
    expect(await feed.next()).toBe('done');
  });

  it('an open subscription is a heartbeat and sends the position at least every 5 s; a silent ticket loses its place', async () => {
    const gate = await createGate({ maxActive: 1, admitPerMinute: 600, heartbeatGraceSeconds: 3 });
    await ok(admin, UPDATE, { input: { id: gate.id, state: 'PAUSED' } });
    const [silent, watcher] = [shopper(), shopper()];
    const s = (await enter(silent, gate.id)).ticket;
    const w = (await enter(watcher, gate.id)).ticket;
    const feed = await watch(watcher, w.token);
    const messages = [await feed.next()];
    const started = Date.now();
    while (Date.now() - started < 4_500) {
      const m = await feed.next(5_000);
      if (m === 'timeout' || m === 'done') break;
      messages.push(m);
    }
    expect(messages.length).toBeGreaterThanOrEqual(3); // the first, then one per 2 s tick
    await h.room.tick(gate.id); // the admitter's pass: the silent ticket is 4.5 s quiet, the watched one ≤ 2 s
    expect((await ok(silent, TICKET, { token: s.token })).queueTicket).toMatchObject({ status: 'EXPIRED' });
    expect((await ok(watcher, TICKET, { token: w.token })).queueTicket).toMatchObject({ status: 'WAITING', position: 1 });
    const next = await feed.next(3_000);
    expect(next).toMatchObject({ status: 'WAITING', position: 1 });
    await feed.close();
  }, 20_000);

  it('every enter, admission and expiry reaches the JetStream stream through the outbox relay', async () => {
    const gate = await createGate({ maxActive: 1, admitPerMinute: 600 });
    const who = shopper();
    const t = (await enter(who, gate.id)).ticket;
    await ok(who, LEAVE, { token: t.token });
    const prefix = subjectPrefix(nats.stream);
    const last = async (type: string) => {
      const msg = await nats.jsm.streams.getMessage(nats.stream, { last_by_subj: `${prefix}.QueueTicket.${type}` }).catch(() => null);
      return msg ? (msg.json() as { type: string; data: { gateId: string; userId: string } }) : null;
    };
    const deadline = Date.now() + 10_000;
    let seen: Array<{ data: { gateId: string } } | null> = [];
    while (Date.now() < deadline) {
      seen = await Promise.all(['QueueEntered', 'QueueTicketAdmitted', 'QueueTicketExpired'].map(last));
      if (seen.every((e) => e?.data.gateId === gate.id)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.map((e) => e?.data.gateId)).toEqual([gate.id, gate.id, gate.id]);
  });
});

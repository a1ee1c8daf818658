import { newId } from '../../shared/ids';
import { UserFacingError } from '../../shared/user-error';
import { updateGate } from './commands/update-gate/update-gate.handler';
import type { UpdateGateInput } from './commands/update-gate/update-gate.input';
import { keysOf } from './live/queue-scripts';
import { TestClock, checkOurOutboxRows, makeGate, openRoom, prepareDatabase, users, type RoomHandle } from './testing/room-harness';

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'OK';
  } catch (err) {
    if (err instanceof UserFacingError) return err.errors[0].code;
    throw err;
  }
};

/** The waiting room against this run's Postgres and Redis: one ticket per user, admission, abandonment, tokens, rebuild. */
describe('waiting room (Redis scripts + Postgres journal)', () => {
  let a: RoomHandle;
  let b: RoomHandle;
  beforeAll(async () => {
    await prepareDatabase();
    [a, b] = await Promise.all([openRoom(), openRoom()]); // two rooms = two processes' connections
  });
  afterAll(async () => {
    const contract = await checkOurOutboxRows(a.pool);
    await Promise.all([a?.close(), b?.close()]);
    expect(contract.problems).toEqual([]);
  });

  it('one user entering 5 times in parallel through two processes gets one ticket', async () => {
    const gate = await makeGate(a.room, { maxActive: 1, admitPerMinute: 60 });
    await updateGate(a.room, { id: gate.id, state: 'PAUSED' } as UpdateGateInput);
    const user = newId();
    const tickets = await Promise.all([a, b, a, b, a].map((h) => h.room.enter(gate.id, user)));
    expect(new Set(tickets.map((t) => t.ticket.id)).size).toBe(1);
    expect(new Set(tickets.map((t) => t.token)).size).toBe(1);
    expect(tickets.every((t) => t.status === 'WAITING' && t.position === 1)).toBe(true);
    const { rows } = await a.pool.query('select count(*)::int as n from waiting_room_tickets where gate_id = $1', [gate.id]);
    expect(rows[0].n).toBe(1);
  });

  it('a quiet gate admits at once; complete() frees the slot and the next is ACTIVE within a second', async () => {
    const gate = await makeGate(a.room, { maxActive: 1, admitPerMinute: 600 });
    const [first, second] = users(2);
    const t1 = await a.room.enter(gate.id, first);
    expect(t1).toMatchObject({ status: 'ACTIVE', estimatedWaitSeconds: 0 });
    expect(t1.expiresAt!.getTime() - t1.admittedAt!.getTime()).toBe(600_000);
    const t2 = await b.room.enter(gate.id, second);
    expect(t2).toMatchObject({ status: 'WAITING', position: 1 });
    expect(await a.room.check(t1.token, first, gate.id)).toBe('OK');
    expect(await a.room.check(t2.token, second, gate.id)).toBe('QUEUE_TOKEN_NOT_ACTIVE');

    const started = Date.now();
    await a.room.complete(t1.token);
    const next = await b.room.ticket(t2.token, second);
    const took = Date.now() - started;
    expect(next).toMatchObject({ status: 'ACTIVE' });
    expect(took).toBeLessThan(1_000);
    expect(await a.room.check(t1.token, first, gate.id)).toBe('QUEUE_TOKEN_NOT_ACTIVE');
    expect(await a.room.check(t2.token, second, gate.id)).toBe('OK');
    expect(await a.room.ticket(t1.token, first)).toMatchObject({ status: 'EXPIRED' });
    const { rows } = await a.pool.query(
      'select status, end_reason from waiting_room_tickets where id = $1', [t1.ticket.id]);
    expect(rows[0]).toEqual({ status: 'EXPIRED', end_reason: 'COMPLETED' });
  });

  it('leaving gives the place up; entering after that is a new ticket at the back', async () => {
    const gate = await makeGate(a.room, { maxActive: 1, admitPerMinute: 600 });
    const [holder, leaver, other] = users(3);
    await a.room.enter(gate.id, holder);
    const left = await a.room.enter(gate.id, leaver);
    const stays = await a.room.enter(gate.id, other);
    expect([left.position, stays.position]).toEqual([1, 2]);
    expect(await a.room.leave(left.token, leaver)).toMatchObject({ status: 'EXPIRED', position: null });
    expect(await a.room.ticket(stays.token, other)).toMatchObject({ position: 1 });
    await expect(codeOf(a.room.leave(stays.token, leaver))).resolves.toBe('QUEUE_TOKEN_REQUIRED'); // not theirs
    const again = await a.room.enter(gate.id, leaver);
    expect(again.ticket.id).not.toBe(left.ticket.id);
    expect(again.position).toBe(2);
  });

  it('a WAITING ticket with no heartbeat for heartbeatGraceSeconds loses its place; a read keeps it', async () => {
    const clock = new TestClock();
    const h = await openRoom({ clock });
    try {
      const gate = await makeGate(h.room, { maxActive: 1, admitPerMinute: 600, heartbeatGraceSeconds: 2 });
      await updateGate(h.room, { id: gate.id, state: 'PAUSED' } as UpdateGateInput);
      const [silent, reader] = users(2);
      const s = await h.room.enter(gate.id, silent);
      const r = await h.room.enter(gate.id, reader);
      clock.advance(1_500);
      expect(await h.room.ticket(r.token, reader)).toMatchObject({ position: 2 }); // heartbeat
      clock.advance(1_000); // silent: 2.5 s, reader: 1 s
      await h.room.tick(gate.id);
      expect(await h.room.ticket(s.token, silent, false)).toMatchObject({ status: 'EXPIRED', position: null });
      expect(await h.room.ticket(r.token, reader)).toMatchObject({ status: 'WAITING', position: 1 });
      const { rows } = await h.pool.query('select end_reason from waiting_room_tickets where id = $1', [s.ticket.id]);
      expect(rows[0].end_reason).toBe('HEARTBEAT');
    } finally {
      await h.close();
    }
  });

  it('an ACTIVE ticket expires after activeTtlSeconds unless extend() keeps it alive', async () => {
    const clock = new TestClock();
    const h = await openRoom({ clock });
    try {
      const gate = await makeGate(h.room, { maxActive: 2, admitPerMinute: 600, activeTtlSeconds: 5 });
      const [kept, lapsed] = users(2);
      const k = await h.room.enter(gate.id, kept);
      const l = await h.room.enter(gate.id, lapsed);
      expect([k.status, l.status]).toEqual(['ACTIVE', 'ACTIVE']);
      await h.room.extend(k.token, new Date(clock.ms + 30_000));
      await h.room.extend(k.token, new Date(clock.ms + 10_000)); // never shortened
      clock.advance(6_000);
      expect(await h.room.check(k.token, kept, gate.id)).toBe('OK');
      expect(await h.room.check(l.token, lapsed, gate.id)).toBe('QUEUE_TOKEN_NOT_ACTIVE'); // before any sweep
      await h.room.tick(gate.id);
      expect(await h.room.ticket(l.token, lapsed)).toMatchObject({ status: 'EXPIRED' });
      expect((await h.room.gateView(gate.id))!.active).toBe(1);
      clock.advance(25_000);
      expect(await h.room.check(k.token, kept, gate.id)).toBe('QUEUE_TOKEN_NOT_ACTIVE');
    } finally {
      await h.close();
    }
  });

  it('forged, foreign and expired tokens are refused by the HMAC and one Redis lookup, with no SQL', async () => {
    const gate = await makeGate(a.room, { maxActive: 5, admitPerMinute: 600 });
    const other = await makeGate(a.room, { maxActive: 5, admitPerMinute: 600 });
    const [me, you] = users(2);
    const mine = await a.room.enter(gate.id, me);
    const left = await a.room.enter(other.id, you);
    await a.room.leave(left.token, you);
    const [prefix, payload, mac] = mine.token.split('.');
    const before = a.sqlUses();
    const redisCalls: string[] = [];
    const monitor = (cmd: string) => redisCalls.push(cmd);
    const send = a.redis.sendCommand.bind(a.redis);
    a.redis.sendCommand = ((command: { name: string }) => (monitor(command.name), send(command as never))) as typeof a.redis.sendCommand;
    try {
      expect(await a.room.check(mine.token, me, gate.id)).toBe('OK');
      expect(await a.room.check(null, me, gate.id)).toBe('QUEUE_TOKEN_REQUIRED');
      expect(await a.room.check('', me, gate.id)).toBe('QUEUE_TOKEN_REQUIRED');
      expect(await a.room.check(`${prefix}.${payload}.${mac.slice(0, -2)}AA`, me, gate.id)).toBe('QUEUE_TOKEN_REQUIRED'); // forged
      expect(await a.room.check(mine.token, me, other.id)).toBe('QUEUE_TOKEN_NOT_ACTIVE'); // other gate
      expect(await a.room.check(mine.token, you, gate.id)).toBe('QUEUE_TOKEN_NOT_ACTIVE'); // other user
      expect(await a.room.check(left.token, you, other.id)).toBe('QUEUE_TOKEN_NOT_ACTIVE'); // genuine, but over
      expect(redisCalls).toEqual(['zscore', 'zscore']); // the OK and the expired: one lookup each, nothing for the rest
    } finally {
      a.redis.sendCommand = send;
    }
    expect(a.sqlUses()).toBe(before);
  });

  it('with Redis unreachable: nobody enters or is admitted (GATE_UNAVAILABLE), queries still answer from Postgres', async () => {
    const gate = await makeGate(a.room, { maxActive: 1, admitPerMinute: 600 });
    const [admitted, waiting] = users(2);
    const t1 = await a.room.enter(gate.id, admitted);
    const t2 = await a.room.enter(gate.id, waiting);
    const down = await openRoom({ redisUrl: 'redis://127.0.0.1:1/0' });
    try {
      await expect(codeOf(down.room.enter(gate.id, newId()))).resolves.toBe('GATE_UNAVAILABLE');
      expect(await down.room.check(t1.token, admitted, gate.id)).toBe('GATE_UNAVAILABLE');
      expect(await down.room.ticket(t2.token, waiting)).toMatchObject({ status: 'WAITING', position: 1 });
      expect(await down.room.ticket(t1.token, admitted)).toMatchObject({ status: 'ACTIVE' });
      expect(await down.room.gateView(gate.id)).toMatchObject({ waiting: 1, active: 1, admittedLastMinute: 1 });
      await down.room.complete(t1.token); // logged, not thrown: the TTL frees the slot then
      await expect(down.room.tick(gate.id)).rejects.toThrow();
    } finally {
      await down.close();
    }
    expect(await a.room.check(t1.token, admitted, gate.id)).toBe('OK'); // nothing changed meanwhile
  });

  it('updateGate takes effect at once: a raised maxActive admits, PAUSED admits nobody, CLOSED lets nobody in', async () => {
    const gate = await makeGate(a.room, { maxActive: 1, admitPerMinute: 600 });
    const [u1, u2, u3] = users(3);
    await a.room.enter(gate.id, u1);
    const t2 = await a.room.enter(gate.id, u2);
    await updateGate(a.room, { id: gate.id, state: 'PAUSED', maxActive: 3 } as UpdateGateInput);
    expect((await b.room.enter(gate.id, u3)).status).toBe('WAITING');
    const started = Date.now();
    const view = await updateGate(a.room, { id: gate.id, state: 'OPEN' } as UpdateGateInput);
    expect(view).toMatchObject({ active: 3, waiting: 0 });
    expect(await b.room.ticket(t2.token, u2)).toMatchObject({ status: 'ACTIVE' });
    expect(Date.now() - started).toBeLessThan(1_000);
    await updateGate(a.room, { id: gate.id, state: 'CLOSED' } as UpdateGateInput);
    await expect(codeOf(b.room.enter(gate.id, newId()))).resolves.toBe('GATE_CLOSED');
    await expect(codeOf(b.room.enter(newId(), newId()))).resolves.toBe('NOT_FOUND');
  });

  it('a flushed Redis is rebuilt from Postgres with the order, the active set and the minute\'s admissions kept', async () => {
    const gate = await makeGate(a.room, { maxActive: 3, admitPerMinute: 600 });
    const people = users(40);
    const before: Awaited<ReturnType<typeof a.room.enter>>[] = [];
    for (const u of people) before.push(await (before.length % 2 ? a : b).room.enter(gate.id, u));
    await a.room.leave(before[10].token, people[10]);
    const positions = async () => Promise.all(before.map(async (t, i) => {
      const v = await b.room.ticket(t.token, people[i], false);
      return `${v!.status}:${v!.position}`;
    }));
    const was = await positions();
    const seq = Number(await a.redis.get(keysOf(gate.id)[1]));
    await a.redis.flushdb();
    expect(await positions()).toEqual(was); // the first read rebuilt the gate
    expect(Number(await a.redis.get(keysOf(gate.id)[1]))).toBe(seq);
    expect(await a.room.check(before[0].token, people[0], gate.id)).toBe('OK');
    expect(await a.room.gateView(gate.id)).toMatchObject({ waiting: 36, active: 3, admittedLastMinute: 3 });
    const late = await a.room.enter(gate.id, newId());
    expect(late).toMatchObject({ status: 'WAITING', position: 37 });
    expect(late.ticket.seq).toBe(seq + 1);
  });
});

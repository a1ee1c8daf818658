import { newId } from '../../../../shared/ids';
import { fakeWaitingRoom, fakeWorld, givenGate, refusal, type FakeRoom, type FakeWorld } from '../../../../../test/support/fakes';
import type { Gate } from '../../domain/gate';
import type { QueueTicketExpired } from '../../events';
import { enterQueue } from '../enter-queue/enter-queue.handler';
import { leaveQueue } from './leave-queue.handler';

describe('leaveQueue', () => {
  let w: FakeWorld;
  let r: FakeRoom;
  let gate: Gate;
  const [a, b, c] = [newId(), newId(), newId()];
  beforeEach(async () => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    r = fakeWaitingRoom(w);
    gate = await givenGate(r);
  });
  const enter = (userId: string) => enterQueue(r.room, userId, { gateId: gate.id });

  it('a WAITING ticket that leaves is EXPIRED (LEFT) in Redis and Postgres, with QueueTicketExpired; the one behind moves up', async () => {
    await enter(a);
    const waiting = await enter(b);
    const behind = await enter(c);

    const left = await leaveQueue(r.room, b, { token: waiting.token });

    expect(left).toMatchObject({ status: 'EXPIRED', position: null, estimatedWaitSeconds: null });
    expect(r.tickets.rows.get(waiting.ticket.id)).toMatchObject({ status: 'EXPIRED', endReason: 'LEFT' });
    expect(w.outbox.ofType<QueueTicketExpired>('QueueTicketExpired')).toEqual([expect.objectContaining({
      aggregateId: waiting.ticket.id, data: expect.objectContaining({ reason: 'LEFT', userId: b }),
    })]);
    expect(await r.room.ticket(behind.token, c)).toMatchObject({ status: 'WAITING', position: 1 });
  });

  it('an ACTIVE ticket that leaves frees its slot: the next in line is admitted at once', async () => {
    const active = await enter(a);
    const next = await enter(b);
    await leaveQueue(r.room, a, { token: active.token });
    expect(await r.room.check(active.token, a, gate.id)).toBe('QUEUE_TOKEN_NOT_ACTIVE');
    expect(await r.room.ticket(next.token, b)).toMatchObject({ status: 'ACTIVE' });
    expect(r.tickets.rows.get(next.ticket.id)).toMatchObject({ status: 'ACTIVE', admittedNo: 2 });
  });

  it("a forged token or another user's: QUEUE_TOKEN_REQUIRED on input.token, the ticket untouched", async () => {
    const mine = await enter(a);
    const before = r.state();
    for (const [user, token] of [[b, mine.token], [a, 'q1.forged'], [a, `${mine.token.slice(0, -2)}xx`]]) {
      expect(await refusal(leaveQueue(r.room, user, { token }))).toEqual([expect.objectContaining({ code: 'QUEUE_TOKEN_REQUIRED', field: ['input', 'token'] })]);
    }
    expect(r.state()).toEqual(before);
    expect(await r.room.check(mine.token, a, gate.id)).toBe('OK');
  });

  it('leaving twice: the second answers the ended ticket and writes nothing', async () => {
    const mine = await enter(a);
    await leaveQueue(r.room, a, { token: mine.token });
    const before = r.state();
    await expect(leaveQueue(r.room, a, { token: mine.token })).resolves.toMatchObject({ status: 'EXPIRED' });
    expect(r.state()).toEqual(before);
  });

  it('Redis unreachable: GATE_UNAVAILABLE, nothing written', async () => {
    const mine = await enter(a);
    r.live.down = true;
    const before = r.state();
    expect(await refusal(leaveQueue(r.room, a, { token: mine.token }))).toEqual([expect.objectContaining({ code: 'GATE_UNAVAILABLE' })]);
    expect(r.state()).toEqual(before);
  });
});

import { newId } from '../../../../shared/ids';
import { fakeWaitingRoom, fakeWorld, givenGate, refusal, type FakeRoom, type FakeWorld } from '../../../../../test/support/fakes';
import type { Gate } from '../../domain/gate';
import { updateGate } from '../update-gate/update-gate.handler';
import { enterQueue } from './enter-queue.handler';

describe('enterQueue', () => {
  let w: FakeWorld;
  let r: FakeRoom;
  let gate: Gate;
  beforeEach(async () => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    r = fakeWaitingRoom(w);
    gate = await givenGate(r);
  });
  const enter = (userId: string, gateId = gate.id) => enterQueue(r.room, userId, { gateId });

  it('into a quiet gate: admitted at once (ACTIVE for the TTL), a token naming the ticket, the ticket and its two moves in Postgres', async () => {
    const user = newId();
    const view = await enter(user);

    expect(view).toMatchObject({ status: 'ACTIVE', position: null, estimatedWaitSeconds: 0, admittedAt: w.clock.now(), expiresAt: new Date('2026-03-01T09:10:00.000Z') });
    expect(r.tokens.verify(view.token)).toEqual({ gateId: gate.id, ticketId: view.ticket.id, userId: user });
    expect(r.tickets.rows.get(view.ticket.id)).toMatchObject({ userId: user, status: 'ACTIVE', seq: 1, admittedNo: 1, version: 2 });
    expect(w.outbox.types().slice(1)).toEqual(['QueueEntered', 'QueueTicketAdmitted']);
    await expect(r.room.check(view.token, user, gate.id)).resolves.toBe('OK');
  });

  it('into a full gate: WAITING in entry order with positions 1, 2', async () => {
    await enter(newId());
    const second = await enter(newId());
    const third = await enter(newId());
    expect([second.status, second.position, third.status, third.position]).toEqual(['WAITING', 1, 'WAITING', 2]);
    expect(r.tickets.rows.get(third.ticket.id)).toMatchObject({ status: 'WAITING', seq: 3, orderKey: 3 });
    await expect(r.room.check(second.token, second.ticket.userId, gate.id)).resolves.toBe('QUEUE_TOKEN_NOT_ACTIVE');
  });

  it('entering again answers the same ticket and token, and writes nothing', async () => {
    const user = newId();
    const first = await enter(user);
    const before = r.state();
    const again = await enter(user);
    expect([again.token, again.ticket.id, again.status]).toEqual([first.token, first.ticket.id, 'ACTIVE']);
    expect(r.state()).toEqual(before);
  });

  it('an unknown gate: NOT_FOUND on input.gateId, no ticket', async () => {
    for (const gateId of [newId(), 'not-a-uuid']) {
      expect(await refusal(enter(newId(), gateId))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'gateId'] })]);
    }
    expect(r.tickets.rows.size).toBe(0);
  });

  it('a CLOSED gate: GATE_CLOSED; one not open yet: QUEUE_NOT_OPEN with its time; no ticket either way', async () => {
    await updateGate(r.room, { id: gate.id, state: 'CLOSED' });
    expect(await refusal(enter(newId()))).toEqual([expect.objectContaining({ code: 'GATE_CLOSED', field: ['input', 'gateId'] })]);
    const opensAt = new Date('2026-03-01T10:00:00.000Z');
    const later = await givenGate(r, { productId: newId(), opensAt });
    expect(await refusal(enter(newId(), later.id))).toEqual([expect.objectContaining({ code: 'QUEUE_NOT_OPEN', message: `The queue opens at ${opensAt.toISOString()}` })]);
    expect(r.tickets.rows.size).toBe(0);
  });

  it('Redis unreachable: GATE_UNAVAILABLE, nothing written', async () => {
    r.live.down = true;
    const before = r.state();
    expect(await refusal(enter(newId()))).toEqual([expect.objectContaining({ code: 'GATE_UNAVAILABLE' })]);
    expect(r.state()).toEqual(before);
  });

  it('Postgres refusing the journal: a new ticket is not answered (GATE_UNAVAILABLE); the entry it missed stays in the Redis journal for the sweep', async () => {
    const user = newId();
    w.outbox.failNextAppend(); // the ENTERED batch rolls back (group commit: ADMITTED goes in the next batch, which commits)
    expect(await refusal(enter(user))).toEqual([expect.objectContaining({ code: 'GATE_UNAVAILABLE' })]);
    expect(r.live.journalOf(gate.id).map((e) => e.kind)).toContain('ENTERED');

    // What the sweep does; ADMITTED may be written twice (its own batch, then this), its event once.
    await r.room.deps.journal.persist(r.live.journalOf(gate.id));
    expect(w.outbox.types().slice(1).sort()).toEqual(['QueueEntered', 'QueueTicketAdmitted']);
    expect(r.live.journalOf(gate.id)).toEqual([]);
    const again = await enter(user);
    expect(r.tickets.rows.get(again.ticket.id)).toMatchObject({ status: 'ACTIVE', version: 2 });
  });

  it('after Redis lost the queue: rebuilt from Postgres, the same user gets the same ticket and the line keeps its order', async () => {
    const [a, b] = [newId(), newId()];
    const first = await enter(a);
    const second = await enter(b);
    r.live.flush();
    const again = await enter(b);
    expect([again.ticket.id, again.status, again.position]).toEqual([second.ticket.id, 'WAITING', 1]);
    expect(await r.room.check(first.token, a, gate.id)).toBe('OK');
    expect((await enter(newId())).position).toBe(2);
  });
});

import { newId } from '../../../../shared/ids';
import { fakeWaitingRoom, fakeWorld, givenGate, refusal, type FakeRoom, type FakeWorld } from '../../../../../test/support/fakes';
import type { Gate } from '../../domain/gate';
import type { GateUpdated } from '../../events';
import { enterQueue } from '../enter-queue/enter-queue.handler';
import { updateGate } from './update-gate.handler';

describe('updateGate', () => {
  let w: FakeWorld;
  let r: FakeRoom;
  let gate: Gate;
  beforeEach(async () => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    r = fakeWaitingRoom(w);
    gate = await givenGate(r);
  });

  it('when a knob changes, then version 2, GateUpdated naming it, and the live queue has the new setting', async () => {
    w.clock.advance(1_000);
    const view = await updateGate(r.room, { id: gate.id, maxActive: 5 });

    expect(view.gate).toMatchObject({ maxActive: 5, admitPerMinute: 600, version: 2, updatedAt: w.clock.now() });
    expect(r.gates.rows.get(gate.id)).toMatchObject({ maxActive: 5, version: 2 });
    expect(w.outbox.ofType<GateUpdated>('GateUpdated')).toEqual([expect.objectContaining({ aggregateVersion: 2, data: expect.objectContaining({ maxActive: 5, changed: ['maxActive'] }) })]);
    expect(r.live.config_(gate.id)).toMatchObject({ version: 2, maxActive: 5 });
  });

  it('nothing different: no write, no event, the gate as it was', async () => {
    const before = r.state();
    const view = await updateGate(r.room, { id: gate.id, maxActive: 1, state: 'OPEN' });
    expect(view.gate.version).toBe(1);
    expect(r.state()).toEqual(before);
  });

  it('an unknown gate: NOT_FOUND on input.id, nothing written', async () => {
    const before = r.state();
    expect(await refusal(updateGate(r.room, { id: newId(), maxActive: 3 }))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] })]);
    expect(r.state()).toEqual(before);
  });

  it('raising the cap admits the next waiting ticket at once', async () => {
    await enterQueue(r.room, newId(), { gateId: gate.id }); // ACTIVE (the one slot)
    const second = await enterQueue(r.room, newId(), { gateId: gate.id });
    expect(second).toMatchObject({ status: 'WAITING', position: 1 });

    const view = await updateGate(r.room, { id: gate.id, maxActive: 2 });

    expect(view).toMatchObject({ waiting: 0, active: 2 });
    expect(await r.room.ticket(second.token, null)).toMatchObject({ status: 'ACTIVE' });
    expect(r.tickets.rows.get(second.ticket.id)).toMatchObject({ status: 'ACTIVE' }); // journalled to Postgres
  });

  it('an edit that lost the race to another is applied on top of it (both changes kept)', async () => {
    r.gates.raceNextUpdate({ admitPerMinute: 60, version: 2 });
    const view = await updateGate(r.room, { id: gate.id, state: 'PAUSED' });
    expect(view.gate).toMatchObject({ state: 'PAUSED', admitPerMinute: 60, version: 3 });
    expect(w.outbox.ofType<GateUpdated>('GateUpdated').map((e) => [e.aggregateVersion, e.data.changed])).toEqual([[3, ['state']]]);
  });

  it('a gate that keeps changing under the edit: it gives up after 3 attempts with nothing of its own written', async () => {
    for (let v = 2; v <= 4; v++) r.gates.raceNextUpdate({ version: v });
    await expect(updateGate(r.room, { id: gate.id, maxActive: 9 })).rejects.toThrow('kept changing under the edit');
    expect(r.gates.rows.get(gate.id)).toMatchObject({ maxActive: 1, version: 4 }); // the others' edits stay
    expect(w.outbox.ofType('GateUpdated')).toEqual([]);
  });
});

import { newId } from '../../../../shared/ids';
import { fakeWaitingRoom, fakeWorld, refusal, type FakeRoom, type FakeWorld } from '../../../../../test/support/fakes';
import type { GateCreated } from '../../events';
import { createGate } from './create-gate.handler';
import type { CreateGateInput } from './create-gate.input';

describe('createGate', () => {
  let w: FakeWorld;
  let r: FakeRoom;
  const performanceId = newId();
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    r = fakeWaitingRoom(w);
  });
  const create = (input: Partial<CreateGateInput> = {}) => createGate(r.room, { performanceId, maxActive: 2, admitPerMinute: 600, ...input } as CreateGateInput);

  it('when created, then an OPEN FIFO gate with the default TTL and grace, GateCreated, the live queue loaded with it, and an empty view', async () => {
    const view = await create();

    expect(view.gate).toMatchObject({
      performanceId, productId: null, state: 'OPEN', fairness: 'FIFO', maxActive: 2, admitPerMinute: 600,
      activeTtlSeconds: 600, heartbeatGraceSeconds: 60, prequeueOpensAt: null, opensAt: null, version: 1, createdAt: w.clock.now(),
    });
    expect(view).toMatchObject({ waiting: 0, active: 0, admittedLastMinute: 0, estimatedWaitSeconds: null });
    expect(r.gates.rows.get(view.gate.id)).toEqual(view.gate);
    expect(w.outbox.ofType<GateCreated>('GateCreated')).toEqual([expect.objectContaining({
      aggregateType: 'Gate', aggregateId: view.gate.id, aggregateVersion: 1, data: expect.objectContaining({ performanceId, maxActive: 2, state: 'OPEN' }),
    })]);
    expect(r.live.config_(view.gate.id)).toMatchObject({ version: 1, state: 'OPEN', maxActive: 2, perMinute: 600, ttlMs: 600_000 });
  });

  it('a second gate for the same resource: CONFLICT on input.performanceId, and its GateCreated rolled back with it', async () => {
    await create();
    const before = r.state();
    expect(await refusal(create())).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'performanceId'] })]);
    expect(r.state()).toEqual(before);
    expect(w.outbox.types()).toEqual(['GateCreated']);
  });

  it('cross-field rules: BAD_USER_INPUT naming each field, before any transaction', async () => {
    const fields = async (input: Partial<CreateGateInput>) => (await refusal(create(input))).map((e) => [e.code, e.field]);
    expect(await fields({ performanceId: null })).toEqual([['BAD_USER_INPUT', ['input', 'performanceId']]]);
    expect(await fields({ productId: newId() })).toEqual([['BAD_USER_INPUT', ['input', 'productId']]]);
    expect(await fields({ prequeueOpensAt: new Date('2026-03-02T00:00:00Z') })).toEqual([['BAD_USER_INPUT', ['input', 'prequeueOpensAt']]]);
    expect(await fields({ fairness: 'RANDOM_PREQUEUE', opensAt: new Date('2026-03-02T00:00:00Z') })).toEqual([['BAD_USER_INPUT', ['input', 'fairness']]]);
    expect(w.transactions.history).toEqual([]);
  });

  it('with the live queue unreachable, the gate is still created and its view answered from Postgres', async () => {
    r.live.down = true;
    const view = await create();
    expect(r.gates.rows.has(view.gate.id)).toBe(true);
    expect(view).toMatchObject({ waiting: 0, active: 0 });
    r.live.down = false;
    expect(r.live.config_(view.gate.id)).toBeNull(); // loaded later (the admitter, or the first entrant)
  });
});

import { editGate, entryOpensAt, newGate, type Gate } from './gate';

const id = '0190f1c2-0000-7000-8000-000000000001';
const perf = '0190f1c2-0000-7000-8000-0000000000aa';
const now = new Date('2026-03-01T10:00:00Z');
const at = (s: number) => new Date(now.getTime() + s * 1000);

describe('newGate', () => {
  it('defaults: OPEN, FIFO, 600 s active, 60 s heartbeat grace', () => {
    const gate = newGate(id, { performanceId: perf, maxActive: 100, admitPerMinute: 600 }, now) as Gate;
    expect(gate).toMatchObject({
      id, performanceId: perf, productId: null, state: 'OPEN', fairness: 'FIFO', activeTtlSeconds: 600, heartbeatGraceSeconds: 60,
      prequeueOpensAt: null, opensAt: null, version: 1,
    });
  });

  it('wants exactly one of performanceId and productId', () => {
    expect(newGate(id, { maxActive: 1, admitPerMinute: 1 }, now)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'performanceId'] })]);
    expect(newGate(id, { performanceId: perf, productId: perf, maxActive: 1, admitPerMinute: 1 }, now))
      .toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'productId'] })]);
  });

  it('a prequeue window needs an opening after it; RANDOM_PREQUEUE needs the window', () => {
    expect(newGate(id, { productId: perf, maxActive: 1, admitPerMinute: 1, prequeueOpensAt: at(10), opensAt: at(5) }, now))
      .toEqual([expect.objectContaining({ field: ['input', 'prequeueOpensAt'] })]);
    expect(newGate(id, { productId: perf, maxActive: 1, admitPerMinute: 1, fairness: 'RANDOM_PREQUEUE', opensAt: at(5) }, now))
      .toEqual([expect.objectContaining({ field: ['input', 'fairness'] })]);
    const ok = newGate(id, { productId: perf, maxActive: 1, admitPerMinute: 1, fairness: 'RANDOM_PREQUEUE', prequeueOpensAt: at(1), opensAt: at(5) }, now) as Gate;
    expect(ok.fairness).toBe('RANDOM_PREQUEUE');
    expect(entryOpensAt(ok)).toEqual(at(1));
  });
});

describe('editGate', () => {
  const gate = newGate(id, { performanceId: perf, maxActive: 10, admitPerMinute: 60 }, now) as Gate;

  it('applies the given knobs, moves the version, reports what changed', () => {
    const { gate: edited, changed } = editGate(gate, { maxActive: 20, state: 'PAUSED', admitPerMinute: 60 }, at(1));
    expect(changed).toEqual(['maxActive', 'state']);
    expect(edited).toMatchObject({ maxActive: 20, state: 'PAUSED', admitPerMinute: 60, version: 2, updatedAt: at(1) });
    expect(gate.maxActive).toBe(10);
  });

  it('an edit that changes nothing keeps the gate as it was', () => {
    expect(editGate(gate, { maxActive: 10 }, at(1))).toEqual({ gate, changed: [] });
  });
});

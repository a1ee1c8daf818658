import { newId } from '../../../../shared/ids';
import { fakeTicketing, fakeWorld, refusal, type FakeTicketing, type FakeWorld } from '../../../../../test/support/fakes';
import type { TicketedEvent } from '../../domain/performance';
import type { PerformanceCreated } from '../../events';
import { createPerformance } from './create-performance.handler';
import type { CreatePerformanceInput } from './create-performance.input';

describe('createPerformance', () => {
  let w: FakeWorld;
  let t: FakeTicketing;
  let event: TicketedEvent;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    t = fakeTicketing(w);
    event = t.events.seedEvent();
  });
  const create = (overrides: Partial<CreatePerformanceInput> = {}) => createPerformance(t.deps, {
    eventId: event.id.toUpperCase(), startsAt: new Date('2026-04-01T19:00:00Z'), salesOpenAt: new Date('2026-03-02T10:00:00Z'),
    grades: [{ name: ' VIP ', price: 120_000, seats: 2 }, { name: 'R', price: 80_000, seats: 3 }], maxSeatsPerUser: 4, holdSeconds: 300, ...overrides,
  } as CreatePerformanceInput);

  it('when created, then seats are numbered 1..N across the grades in order, every seat row exists, with PerformanceCreated', async () => {
    const p = await create();

    expect(p).toMatchObject({ eventId: event.id, seatCount: 5, maxSeatsPerUser: 4, holdSeconds: 300, createdAt: w.clock.now() });
    expect(p.grades).toEqual([
      { name: 'VIP', price: 120_000, seats: 2, firstSeat: 1, lastSeat: 2 },
      { name: 'R', price: 80_000, seats: 3, firstSeat: 3, lastSeat: 5 },
    ]);
    expect(t.events.performances.get(p.id)).toEqual(p);
    expect(t.seats.of(p.id).map((s) => [s.number, s.grade, s.price, s.sold, s.reservationId]))
      .toEqual([[1, 'VIP', 120_000, false, null], [2, 'VIP', 120_000, false, null], [3, 'R', 80_000, false, null], [4, 'R', 80_000, false, null], [5, 'R', 80_000, false, null]]);
    expect(w.outbox.ofType<PerformanceCreated>('PerformanceCreated')).toEqual([expect.objectContaining({
      aggregateType: 'Performance', aggregateId: p.id, aggregateVersion: 1, data: expect.objectContaining({ eventId: event.id, seatCount: 5, grades: p.grades }),
    })]);
  });

  it('an unknown event: NOT_FOUND on input.eventId, nothing written', async () => {
    const before = t.state();
    expect(await refusal(create({ eventId: newId() }))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'eventId'] })]);
    expect(t.state()).toEqual(before);
  });

  it('broken rules: BAD_USER_INPUT naming the field, and no transaction at all', async () => {
    const field = async (o: Partial<CreatePerformanceInput>) => (await refusal(create(o))).map((e) => [e.code, e.field]);
    expect(await field({ startsAt: w.clock.now() })).toEqual([['BAD_USER_INPUT', ['input', 'startsAt']]]);
    expect(await field({ salesOpenAt: new Date('2026-04-01T19:00:00Z') })).toEqual([['BAD_USER_INPUT', ['input', 'salesOpenAt']]]);
    expect(await field({ grades: [{ name: 'A', price: 1, seats: 1 }, { name: ' A', price: 2, seats: 1 }] })).toEqual([['BAD_USER_INPUT', ['input', 'grades']]]);
    expect(await field({ grades: [{ name: 'A', price: 1, seats: 3_000 }, { name: 'B', price: 1, seats: 2_001 }] })).toEqual([['BAD_USER_INPUT', ['input', 'grades']]]);
    expect(w.transactions.history).toEqual([]);
    expect(t.seats.rows.size).toBe(0);
  });
});

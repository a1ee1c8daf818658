import { newId } from '../../../../shared/ids';
import { fakeTicketing, fakeWorld, givenPerformance, refusal, type FakeTicketing, type FakeWorld } from '../../../../../test/support/fakes';
import type { Performance } from '../../domain/performance';
import { joinWaitlist } from './join-waitlist.handler';

describe('joinWaitlist', () => {
  let w: FakeWorld;
  let t: FakeTicketing;
  let p: Performance;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    t = fakeTicketing(w);
    p = givenPerformance(t, w.clock.now()); // VIP 1–4, R 5–10, 4 per person
  });
  const join = (userId: string, count = 2, grade: string | null = null) => joinWaitlist(t.deps, userId, { performanceId: p.id, count, grade });
  /** Given: these seats sold to someone. */
  const sell = (...numbers: number[]) => numbers.forEach((n) => Object.assign(t.seats.seat(p.id, n)!, { sold: true, reservationId: newId() }));

  it('given a sold-out performance, when two users join, then each has a WAITING entry, first in line 1, second 2; no event is written', async () => {
    sell(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    const [a, b] = [newId(), newId()];

    const first = await join(a);
    w.clock.advance(1);
    const second = await join(b, 1);

    expect(first).toMatchObject({ performanceId: p.id, userId: a, count: 2, grade: null, status: 'WAITING', position: 1, reservationId: null, createdAt: '2026-03-01T09:00:00.000Z' });
    expect(second).toMatchObject({ userId: b, count: 1, position: 2 });
    expect(t.waitlist.rows.size).toBe(2);
    expect(w.outbox.events).toEqual([]);
  });

  it('joining again answers the same entry: one live entry per user', async () => {
    sell(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    const user = newId();
    const entry = await join(user);
    await expect(join(user, 3)).resolves.toEqual(entry);
    expect(t.waitlist.rows.size).toBe(1);
  });

  it('given enough free seats: SEATS_AVAILABLE naming how many, and no entry', async () => {
    sell(1, 2, 3, 4, 5, 6, 7, 8, 9);
    const before = t.state();
    expect(await refusal(join(newId(), 1))).toEqual([expect.objectContaining({ code: 'SEATS_AVAILABLE', message: expect.stringContaining('1 seats are free'), field: ['input', 'count'] })]);
    expect(t.state()).toEqual(before);
    await expect(join(newId(), 2)).resolves.toMatchObject({ status: 'WAITING' }); // 1 free < 2 wanted
  });

  it('by grade: a sold-out VIP can be waited for while R seats are free; R itself cannot', async () => {
    sell(1, 2, 3, 4);
    await expect(join(newId(), 2, ' VIP ')).resolves.toMatchObject({ grade: 'VIP', position: 1 });
    expect(await refusal(join(newId(), 2, 'R'))).toEqual([expect.objectContaining({ code: 'SEATS_AVAILABLE' })]);
    expect(await refusal(join(newId(), 2))).toEqual([expect.objectContaining({ code: 'SEATS_AVAILABLE' })]); // any grade: R is free
  });

  it('refusals write nothing: unknown grade, count over the cap, before sales, started, unknown performance', async () => {
    sell(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    const before = t.state();
    const codes = async (answer: Promise<unknown>) => (await refusal(answer)).map((e) => [e.code, e.field]);
    expect(await codes(join(newId(), 1, 'Balcony'))).toEqual([['BAD_USER_INPUT', ['input', 'grade']]]);
    expect(await codes(join(newId(), 5))).toEqual([['SEAT_LIMIT_EXCEEDED', ['input', 'count']]]);
    expect(await codes(joinWaitlist(t.deps, newId(), { performanceId: newId(), count: 1 }))).toEqual([['NOT_FOUND', ['input', 'performanceId']]]);
    w.clock.set(new Date(p.salesOpenAt.getTime() - 1));
    expect(await codes(join(newId(), 1))).toEqual([['SALES_NOT_OPEN', ['input', 'performanceId']]]);
    w.clock.set(p.startsAt);
    expect(await codes(join(newId(), 1))).toEqual([['SALES_NOT_OPEN', ['input', 'performanceId']]]); // sales ended
    expect(t.state()).toEqual(before);
  });

  it('a count over maxSeatsPerUser: SEAT_LIMIT_EXCEEDED on input.count (the field the caller sent)', async () => {
    sell(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    expect(await refusal(join(newId(), 5))).toEqual([expect.objectContaining({ code: 'SEAT_LIMIT_EXCEEDED', field: ['input', 'count'] })]);
  });
});

import { newId } from '../../../../shared/ids';
import {
  FakeAdmission, fakeTicketing, fakeWorld, givenPerformance, refusal, type FakeTicketing, type FakeWorld,
} from '../../../../../test/support/fakes';
import type { Performance } from '../../domain/performance';
import type { SeatsHeld } from '../../events';
import { holdSeats } from './hold-seats.handler';
import type { HoldSeatsInput } from './hold-seats.input';

describe('holdSeats', () => {
  let w: FakeWorld;
  let t: FakeTicketing;
  let p: Performance;
  const buyer = newId();
  const other = newId();
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    t = fakeTicketing(w);
    p = givenPerformance(t, w.clock.now()); // VIP 1–4 at 100,000; R 5–10 at 50,000; 4 per person; 600 s holds
  });
  const hold = (input: Partial<HoldSeatsInput>, userId = buyer, deps = t.deps) =>
    holdSeats(deps, userId, { performanceId: p.id, idempotencyKey: 'k1', ...input } as HoldSeatsInput);

  it('given free named seats, when held, then a HELD reservation owns them until expiresAt, with SeatsHeld and the answer stored', async () => {
    const held = await hold({ seatNumbers: [2, 1] });

    expect(held).toMatchObject({
      performanceId: p.id, userId: buyer, status: 'HELD', total: 200_000, version: 1, queueToken: null,
      createdAt: '2026-03-01T09:00:00.000Z', expiresAt: '2026-03-01T09:10:00.000Z',
    });
    expect(held.seats).toEqual([{ number: 1, grade: 'VIP', price: 100_000 }, { number: 2, grade: 'VIP', price: 100_000 }]);
    expect(t.reservations.get(held.id)).toEqual(held);
    expect(t.seats.of(p.id).filter((s) => s.reservationId === held.id).map((s) => [s.number, s.heldUntil?.toISOString(), s.sold]))
      .toEqual([[1, held.expiresAt, false], [2, held.expiresAt, false]]);
    expect(w.outbox.ofType<SeatsHeld>('SeatsHeld')).toEqual([expect.objectContaining({
      aggregateType: 'Reservation', aggregateId: held.id, aggregateVersion: 1,
      data: expect.objectContaining({ status: 'HELD', previousStatus: null, total: 200_000, expiresAt: held.expiresAt }),
    })]);
    expect(w.idempotency.row({ userId: buyer, operation: 'holdSeats', key: 'k1' })?.response).toEqual(held);
  });

  it('given a seat held by another, when three seats including it are asked for, then SEAT_UNAVAILABLE names it and nothing is held', async () => {
    await hold({ seatNumbers: [3] }, other);
    const before = t.state();

    const errors = await refusal(hold({ seatNumbers: [2, 3, 4] }));

    expect(errors).toEqual([expect.objectContaining({ code: 'SEAT_UNAVAILABLE', message: 'Seat 3 is already held or sold', field: ['input', 'seatNumbers', '1'] })]);
    expect(t.state()).toEqual(before);
  });

  it('given two taken seats (one held, one sold), then one SEAT_UNAVAILABLE per seat, each pointing at its index', async () => {
    await hold({ seatNumbers: [4] }, other);
    Object.assign(t.seats.seat(p.id, 6)!, { sold: true, reservationId: newId() });
    const errors = await refusal(hold({ seatNumbers: [6, 5, 4] }));
    expect(errors.map((e) => [e.code, e.field])).toEqual([['SEAT_UNAVAILABLE', ['input', 'seatNumbers', '2']], ['SEAT_UNAVAILABLE', ['input', 'seatNumbers', '0']]]);
  });

  it("given another's hold that ran out (sweeper not run yet), then its seat is free to hold", async () => {
    const old = await hold({ seatNumbers: [1] }, other);
    w.clock.advance(600_000);
    const held = await hold({ seatNumbers: [1] });
    expect(t.seats.seat(p.id, 1)?.reservationId).toBe(held.id);
    expect(t.reservations.get(old.id)?.status).toBe('HELD'); // the sweeper announces the expiry, not holdSeats
  });

  it('best available: the lowest run of adjacent free seats in the grade, else the lowest free ones', async () => {
    await hold({ seatNumbers: [6] }, other, t.deps); // R is 5–10: free 5, 7, 8, 9, 10
    const run = await hold({ bestAvailable: { count: 3, grade: 'R' } });
    expect(run.seats.map((s) => s.number)).toEqual([7, 8, 9]);
    expect(run.total).toBe(150_000);

    const scattered = await hold({ bestAvailable: { count: 2, grade: 'R' }, idempotencyKey: 'k2' }, newId()); // free 5, 10
    expect(scattered.seats.map((s) => s.number)).toEqual([5, 10]);
  });

  it('best available with too few free seats in the grade: SEAT_UNAVAILABLE on input.bestAvailable, nothing written', async () => {
    await hold({ seatNumbers: [1, 2, 3] }, other);
    const before = t.state();
    expect(await refusal(hold({ bestAvailable: { count: 2, grade: 'VIP' } })))
      .toEqual([expect.objectContaining({ code: 'SEAT_UNAVAILABLE', field: ['input', 'bestAvailable'] })]);
    expect(t.state()).toEqual(before);
  });

  it('given 3 seats held or bought, then 2 more pass the cap of 4: SEAT_LIMIT_EXCEEDED; a hold that ran out no longer counts', async () => {
    await hold({ seatNumbers: [1, 2, 3] });
    const before = t.state();
    expect(await refusal(hold({ seatNumbers: [5, 6], idempotencyKey: 'k2' })))
      .toEqual([expect.objectContaining({ code: 'SEAT_LIMIT_EXCEEDED', field: ['input', 'seatNumbers'] })]);
    expect(t.state()).toEqual(before);

    w.clock.advance(600_000);
    await expect(hold({ seatNumbers: [5, 6], idempotencyKey: 'k2' })).resolves.toMatchObject({ status: 'HELD' });
  });

  it('best available over the cap: SEAT_LIMIT_EXCEEDED on input.bestAvailable.count', async () => {
    await hold({ seatNumbers: [1, 2, 3] });
    expect(await refusal(hold({ bestAvailable: { count: 2, grade: 'R' }, idempotencyKey: 'k2' })))
      .toEqual([expect.objectContaining({ code: 'SEAT_LIMIT_EXCEEDED', field: ['input', 'bestAvailable', 'count'] })]);
  });

  it('before salesOpenAt or once the performance started: SALES_NOT_OPEN and nothing written', async () => {
    const before = t.state();
    w.clock.set(new Date(p.salesOpenAt.getTime() - 1));
    expect(await refusal(hold({ seatNumbers: [1] }))).toEqual([expect.objectContaining({ code: 'SALES_NOT_OPEN', field: ['input', 'performanceId'] })]);
    w.clock.set(p.startsAt);
    expect(await refusal(hold({ seatNumbers: [1] }))).toEqual([expect.objectContaining({ code: 'SALES_NOT_OPEN' })]);
    expect(t.state()).toEqual(before);
  });

  it('refuses bad requests before writing: both or neither mode, a seat past the last, an unknown grade, an unknown performance', async () => {
    const before = t.state();
    const codes = async (input: Partial<HoldSeatsInput>) => (await refusal(hold(input))).map((e) => [e.code, e.field]);
    expect(await codes({})).toEqual([['BAD_USER_INPUT', ['input', 'seatNumbers']]]);
    expect(await codes({ seatNumbers: [1], bestAvailable: { count: 1, grade: 'R' } })).toEqual([['BAD_USER_INPUT', ['input', 'seatNumbers']]]);
    expect(await codes({ seatNumbers: [1, 11] })).toEqual([['BAD_USER_INPUT', ['input', 'seatNumbers', '1']]]);
    expect(await codes({ bestAvailable: { count: 1, grade: 'Balcony' } })).toEqual([['BAD_USER_INPUT', ['input', 'bestAvailable', 'grade']]]);
    expect(await codes({ seatNumbers: [1], performanceId: newId() })).toEqual([['NOT_FOUND', ['input', 'performanceId']]]);
    expect(t.state()).toEqual(before);
  });

  it('the same key and request again: the same reservation, held once; the key with other seats: IDEMPOTENCY_KEY_REUSED', async () => {
    const first = await hold({ seatNumbers: [1] });
    const before = t.state();
    await expect(hold({ seatNumbers: [1] })).resolves.toEqual(first);
    expect(t.state()).toEqual(before);
    expect(await refusal(hold({ seatNumbers: [2] }))).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })]);
    expect(t.state()).toEqual(before);
  });

  describe('behind a waiting room', () => {
    let room: FakeAdmission;
    beforeEach(() => {
      room = new FakeAdmission().gate({ performanceId: p.id }, 'gate-p');
      t.deps.admission = room;
    });

    it('without a token: QUEUE_TOKEN_REQUIRED, nothing held and the key not used up', async () => {
      const before = t.state();
      expect(await refusal(hold({ seatNumbers: [1] }))).toEqual([expect.objectContaining({ code: 'QUEUE_TOKEN_REQUIRED', field: ['input', 'queueToken'] })]);
      expect(t.state()).toEqual(before);
    });

    it("another user's token: QUEUE_TOKEN_NOT_ACTIVE; an ACTIVE one: held, the token kept on the reservation and its admission extended to the hold's end", async () => {
      expect(await refusal(hold({ seatNumbers: [1], queueToken: room.admit(other, 'gate-p') })))
        .toEqual([expect.objectContaining({ code: 'QUEUE_TOKEN_NOT_ACTIVE' })]);
      const extend = jest.spyOn(room, 'extend');
      const token = room.admit(buyer, 'gate-p');
      const held = await hold({ seatNumbers: [1], queueToken: token });
      expect(t.reservations.get(held.id)?.queueToken).toBe(token);
      expect(extend).toHaveBeenCalledWith(token, new Date(held.expiresAt));
    });

    it('a retry of a hold that succeeded is answered even once the ticket is spent', async () => {
      const token = room.admit(buyer, 'gate-p');
      const held = await hold({ seatNumbers: [1], queueToken: token });
      await room.complete(token);
      await expect(hold({ seatNumbers: [1], queueToken: token })).resolves.toEqual(held);
    });
  });
});

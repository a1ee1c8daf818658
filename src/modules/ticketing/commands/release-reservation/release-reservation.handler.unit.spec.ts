import { newId } from '../../../../shared/ids';
import { fakeTicketing, fakeWorld, givenHold, givenPerformance, refusal, type FakeTicketing, type FakeWorld } from '../../../../../test/support/fakes';
import type { Performance } from '../../domain/performance';
import type { Reservation } from '../../domain/reservation';
import type { SeatsReleased } from '../../events';
import { releaseReservation } from './release-reservation.handler';

describe('releaseReservation', () => {
  let w: FakeWorld;
  let t: FakeTicketing;
  let p: Performance;
  let held: Reservation;
  const buyer = newId();
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    t = fakeTicketing(w);
    p = givenPerformance(t, w.clock.now());
    held = givenHold(t, p, buyer, [5, 6], w.clock.now());
  });
  const release = (userId = buyer, reservationId = held.id) => releaseReservation(t.deps, userId, { reservationId: reservationId.toUpperCase() });

  it('given a HELD reservation, when released, then it is RELEASED (version 2), its seats free at once, with SeatsReleased (HELD, nothing refunded)', async () => {
    const released = await release();

    expect(released).toMatchObject({ id: held.id, status: 'RELEASED', version: 2 });
    expect(t.reservations.get(held.id)).toMatchObject({ status: 'RELEASED', version: 2 });
    expect(t.seats.of(p.id).filter((s) => s.number >= 5 && s.number <= 6).map((s) => [s.reservationId, s.heldUntil, s.sold])).toEqual([[null, null, false], [null, null, false]]);
    expect(w.outbox.ofType<SeatsReleased>('SeatsReleased')).toEqual([expect.objectContaining({
      aggregateId: held.id, aggregateVersion: 2, data: expect.objectContaining({ status: 'RELEASED', previousStatus: 'HELD', refundedAmount: 0 }),
    })]);
  });

  it('released twice: RESERVATION_NOT_HELD the second time, nothing written', async () => {
    await release();
    const before = t.state();
    expect(await refusal(release())).toEqual([expect.objectContaining({ code: 'RESERVATION_NOT_HELD', field: ['input', 'reservationId'] })]);
    expect(t.state()).toEqual(before);
  });

  it("someone else's or an unknown reservation: NOT_FOUND, the seats stay held", async () => {
    const before = t.state();
    expect(await refusal(release(newId()))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'reservationId'] })]);
    expect(await refusal(release(buyer, newId()))).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect(t.state()).toEqual(before);
    expect(t.seats.seat(p.id, 5)?.reservationId).toBe(held.id);
  });
});

import { newId } from '../../../../shared/ids';
import { fakeTicketing, fakeWorld, givenHold, givenPaid, givenPerformance, refusal, type FakeTicketing, type FakeWorld } from '../../../../../test/support/fakes';
import type { AuthUser } from '../../../identity';
import type { Performance } from '../../domain/performance';
import type { Reservation } from '../../domain/reservation';
import type { SeatsReleased } from '../../events';
import { cancelReservation } from './cancel-reservation.handler';

describe('cancelReservation', () => {
  let w: FakeWorld;
  let t: FakeTicketing;
  let p: Performance;
  let paid: Reservation;
  const user = (role: string): AuthUser => ({ id: newId(), role: role as AuthUser['role'] });
  const buyer = user('CUSTOMER');
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    t = fakeTicketing(w);
    p = givenPerformance(t, w.clock.now());
    w.wallets.seed(buyer.id, 100_000); // what was left after paying
    paid = givenPaid(t, p, buyer.id, [1, 5], w.clock.now()); // 150,000 won
  });
  const cancel = (user = buyer, reservationId = paid.id) => cancelReservation(t.deps, user, { reservationId });

  it('given a PAID reservation before the start, when cancelled, then a full REFUND, the seats free, CANCELLED, with SeatsReleased (PAID, refunded)', async () => {
    const cancelled = await cancel();

    expect(cancelled).toMatchObject({ id: paid.id, status: 'CANCELLED', version: 3 });
    expect(t.reservations.get(paid.id)).toMatchObject({ status: 'CANCELLED', version: 3 });
    expect(w.wallets.balanceOf(buyer.id)).toBe(250_000);
    expect(w.wallets.ledgerOf(buyer.id).map((r) => [r.type, r.amount, r.orderId])).toEqual([['REFUND', 150_000, paid.id]]);
    expect([1, 5].map((n) => t.seats.seat(p.id, n))).toEqual([1, 5].map(() => expect.objectContaining({ sold: false, reservationId: null })));
    expect(w.outbox.ofType<SeatsReleased>('SeatsReleased')).toEqual([expect.objectContaining({
      aggregateId: paid.id, aggregateVersion: 3, data: expect.objectContaining({ status: 'CANCELLED', previousStatus: 'PAID', refundedAmount: 150_000 }),
    })]);
  });

  it('cancelled twice, or a HELD reservation: RESERVATION_NOT_CANCELLABLE, nothing written (refunded once)', async () => {
    await cancel();
    const held = givenHold(t, p, buyer.id, [2], w.clock.now());
    const before = t.state();
    expect(await refusal(cancel())).toEqual([expect.objectContaining({ code: 'RESERVATION_NOT_CANCELLABLE', field: ['input', 'reservationId'] })]);
    expect(await refusal(cancel(buyer, held.id))).toEqual([expect.objectContaining({ code: 'RESERVATION_NOT_CANCELLABLE' })]);
    expect(t.state()).toEqual(before);
    expect(w.wallets.ledgerOf(buyer.id).filter((r) => r.type === 'REFUND')).toHaveLength(1);
  });

  it('once the performance has started: RESERVATION_NOT_CANCELLABLE, no refund', async () => {
    w.clock.set(p.startsAt);
    const before = t.state();
    expect(await refusal(cancel())).toEqual([expect.objectContaining({ code: 'RESERVATION_NOT_CANCELLABLE' })]);
    expect(t.state()).toEqual(before);
  });

  it("another user: NOT_FOUND; an admin may cancel anyone's (the refund goes to the buyer)", async () => {
    const before = t.state();
    expect(await refusal(cancel(user('CUSTOMER')))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'reservationId'] })]);
    expect(t.state()).toEqual(before);
    const admin = user('ADMIN');
    await expect(cancel(admin)).resolves.toMatchObject({ status: 'CANCELLED' });
    expect([w.wallets.balanceOf(buyer.id), w.wallets.balanceOf(admin.id)]).toEqual([250_000, undefined]);
  });
});

import { newId } from '../../../../shared/ids';
import {
  FakeAdmission, fakeTicketing, fakeWorld, givenHold, givenPerformance, refusal, type FakeTicketing, type FakeWorld,
} from '../../../../../test/support/fakes';
import type { Performance } from '../../domain/performance';
import type { Reservation } from '../../domain/reservation';
import type { ReservationPaid } from '../../events';
import { releaseReservation } from '../release-reservation/release-reservation.handler';
import { payReservation } from './pay-reservation.handler';

describe('payReservation', () => {
  let w: FakeWorld;
  let t: FakeTicketing;
  let p: Performance;
  let held: Reservation;
  const buyer = newId();
  const other = newId();
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    t = fakeTicketing(w);
    p = givenPerformance(t, w.clock.now());
    w.wallets.seed(buyer, 300_000);
    held = givenHold(t, p, buyer, [1, 2], w.clock.now()); // 200,000 won
  });
  const pay = (userId = buyer, idempotencyKey = 'p1', reservationId = held.id) => payReservation(t.deps, userId, { reservationId, idempotencyKey });

  it('given a live hold and the points, when paid, then the wallet is debited, the seats SOLD, the reservation PAID, with ReservationPaid', async () => {
    w.clock.advance(60_000);
    const { reservation, payment } = await pay();

    expect(reservation).toMatchObject({ id: held.id, status: 'PAID', version: 2, paidAt: '2026-03-01T09:01:00.000Z', paymentId: payment.id });
    expect(payment).toEqual({ id: reservation.paymentId, amount: 200_000, paidAt: reservation.paidAt });
    expect(t.reservations.get(held.id)).toMatchObject({ status: 'PAID', version: 2, paymentId: payment.id });
    expect(w.wallets.balanceOf(buyer)).toBe(100_000);
    expect(w.wallets.ledgerOf(buyer)).toEqual([expect.objectContaining({ id: payment.id, type: 'PAYMENT', amount: -200_000, orderId: held.id })]);
    expect(t.seats.of(p.id).filter((s) => s.sold).map((s) => [s.number, s.reservationId, s.heldUntil])).toEqual([[1, held.id, null], [2, held.id, null]]);
    expect(w.outbox.ofType<ReservationPaid>('ReservationPaid')).toEqual([expect.objectContaining({
      aggregateId: held.id, aggregateVersion: 2, data: expect.objectContaining({ status: 'PAID', previousStatus: 'HELD', paymentId: payment.id, total: 200_000 }),
    })]);
  });

  it('given too few points: INSUFFICIENT_BALANCE, nothing written, the seats still held and the key free for a retry', async () => {
    w.wallets.seed(buyer, 199_999);
    const before = t.state();
    expect(await refusal(pay())).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' })]);
    expect(t.state()).toEqual(before);
    expect(t.seats.seat(p.id, 1)).toMatchObject({ sold: false, reservationId: held.id });

    w.wallets.seed(buyer, 200_000);
    await expect(pay()).resolves.toMatchObject({ reservation: { status: 'PAID' } });
    expect(w.wallets.balanceOf(buyer)).toBe(0);
  });

  it('given a hold past its expiry whose seats nobody took since, then it can still be paid', async () => {
    w.clock.advance(601_000);
    await expect(pay()).resolves.toMatchObject({ reservation: { status: 'PAID' } });
    expect(t.seats.seat(p.id, 2)).toMatchObject({ sold: true, reservationId: held.id });
  });

  it('given a hold past its expiry and one of its seats held by someone else since: RESERVATION_EXPIRED, no debit, nothing written', async () => {
    w.clock.advance(601_000);
    const theirs = givenHold(t, p, other, [2], w.clock.now());
    const before = t.state();

    expect(await refusal(pay())).toEqual([expect.objectContaining({ code: 'RESERVATION_EXPIRED', field: ['input', 'reservationId'] })]);
    expect(t.state()).toEqual(before);
    expect(w.wallets.balanceOf(buyer)).toBe(300_000);
    expect(w.wallets.ledgerOf(buyer)).toEqual([]);
    expect(t.seats.seat(p.id, 2)?.reservationId).toBe(theirs.id);
  });

  it('given a reservation the sweeper marked EXPIRED: RESERVATION_EXPIRED, no debit', async () => {
    t.reservations.rows.get(held.id)!.status = 'EXPIRED';
    const before = t.state();
    expect(await refusal(pay())).toEqual([expect.objectContaining({ code: 'RESERVATION_EXPIRED' })]);
    expect(t.state()).toEqual(before);
  });

  it("someone else's or an unknown reservation: NOT_FOUND; a released one: RESERVATION_NOT_HELD; nothing written", async () => {
    w.wallets.seed(other, 300_000);
    expect(await refusal(pay(other))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'reservationId'] })]);
    expect(await refusal(pay(buyer, 'p1', newId()))).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    await releaseReservation(t.deps, buyer, { reservationId: held.id });
    const before = t.state();
    expect(await refusal(pay())).toEqual([expect.objectContaining({ code: 'RESERVATION_NOT_HELD' })]);
    expect(t.state()).toEqual(before);
  });

  it('the same key again: the same answer, debited once; a new key on the paid reservation: RESERVATION_NOT_HELD', async () => {
    const first = await pay();
    const before = t.state();
    await expect(pay()).resolves.toEqual(first);
    expect(t.state()).toEqual(before);
    expect(await refusal(pay(buyer, 'p2'))).toEqual([expect.objectContaining({ code: 'RESERVATION_NOT_HELD' })]);
    expect(w.wallets.ledgerOf(buyer)).toHaveLength(1);
  });

  it("a hold made with a queue token: paying completes the ticket (the slot is freed); a refused payment does not", async () => {
    const room = new FakeAdmission().gate({ performanceId: p.id }, 'gate-p');
    t.deps.admission = room;
    const token = room.admit(buyer, 'gate-p');
    const gated = givenHold(t, p, buyer, [3], w.clock.now(), token);
    w.wallets.seed(buyer, 0);
    await refusal(pay(buyer, 'p3', gated.id));
    expect(room.completed).toEqual([]);
    w.wallets.seed(buyer, 100_000);
    await pay(buyer, 'p4', gated.id);
    expect(room.completed).toEqual([token]);
  });
});

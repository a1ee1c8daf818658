import { newId } from '../../../../shared/ids';
import { claimOrReplay } from '../../../../shared/idempotency';
import { markReservationPaid, type Reservation } from '../../domain/reservation';
import { insufficientBalance, reservationExpired, reservationNotFound, reservationNotHeld } from '../../domain/ticketing-errors';
import { reservationPaid } from '../../events';
import type { TicketingDeps } from '../../ticketing.deps';
import type { PayReservationInput } from './pay-reservation.input';

export interface ReservationPayment {
  reservation: Reservation;
  payment: { id: string; amount: number; paidAt: string };
}

/**
 * On the locked reservation: its seats must still be its own (a hold past its expiry can still
 * be paid while nobody has held those seats since), then together the wallet debit
 * (`balance >= total`), the seats SOLD, the reservation PAID, the stored answer and the event.
 * Locks: reservation → seats (number order) → wallet, as in cancel. After commit the queue
 * ticket is completed, so the next shopper is admitted at once.
 */
export async function payReservation(deps: TicketingDeps, userId: string, input: PayReservationInput): Promise<ReservationPayment> {
  const id = input.reservationId.toLowerCase();
  const scope = { userId, operation: 'payReservation', key: input.idempotencyKey };
  const result = await deps.transactions.withTransaction(async (tx) => {
    const [claim, held] = await Promise.all([
      claimOrReplay<ReservationPayment>(deps.idempotency, tx, scope, { reservationId: id }, deps.clock.now()),
      deps.reservations.lock(tx, id),
    ]);
    if (claim.replayed) return claim.response;
    if (!held || held.userId !== userId) throw reservationNotFound();
    if (held.status === 'EXPIRED') throw reservationExpired();
    if (held.status !== 'HELD') throw reservationNotHeld(held.status);
    const now = deps.clock.now();
    const mine = await deps.seats.lockHeldBy(tx, held.performanceId, held.id);
    if (mine.length !== held.seats.length) throw reservationExpired();

    const paid = markReservationPaid(held, newId(now.getTime()), now);
    const payment = { id: paid.paymentId!, amount: paid.total, paidAt: paid.paidAt! };
    const answer: ReservationPayment = { reservation: paid, payment };
    const [wallet, sold, moved] = await Promise.all([
      deps.wallets.debit(tx, { transactionId: payment.id, userId, amount: paid.total, orderId: paid.id, now }),
      deps.seats.sell(tx, held.performanceId, held.id),
      deps.reservations.transition(tx, held.version, paid),
      deps.idempotency.saveResponse(tx, scope, answer),
      deps.outbox.append(tx, [reservationPaid(paid, now)]),
    ]);
    if (!wallet) {
      throw insufficientBalance(paid.total);
    }
    if (sold !== held.seats.length || !moved) throw new Error(`reservation ${id} changed under its lock (sold ${sold}, moved ${moved})`);
    return answer;
  });
  const token = result.reservation.queueToken;
  if (token && deps.admission) await deps.admission.complete(token).catch(() => undefined);
  return result;
}

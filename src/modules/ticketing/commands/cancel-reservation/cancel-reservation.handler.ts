import { newId } from '../../../../shared/ids';
import type { AuthUser } from '../../../identity';
import { markReservationEnded, type Reservation } from '../../domain/reservation';
import { performanceNotFound, reservationNotCancellable, reservationNotFound } from '../../domain/ticketing-errors';
import { seatsReleased } from '../../events';
import type { TicketingDeps } from '../../ticketing.deps';
import type { ReservationIdInput } from '../release-reservation/release-reservation.input';

/** A PAID reservation before the performance starts: full refund to the wallet, seats AVAILABLE again. */
export async function cancelReservation(deps: TicketingDeps, user: AuthUser, input: ReservationIdInput): Promise<Reservation> {
  const id = input.reservationId.toLowerCase();
  return deps.transactions.withTransaction(async (tx) => {
    const paid = await deps.reservations.lock(tx, id);
    if (!paid || (paid.userId !== user.id && user.role !== 'ADMIN')) throw reservationNotFound();
    if (paid.status !== 'PAID') throw reservationNotCancellable(`Only a PAID reservation can be cancelled; this one is ${paid.status} (release a HELD one)`);
    const performance = await deps.events.performance(tx, paid.performanceId);
    if (!performance) throw performanceNotFound();
    const now = deps.clock.now();
    if (now >= performance.startsAt) throw reservationNotCancellable('The performance has started; it can no longer be cancelled');
    const cancelled = markReservationEnded(paid, 'CANCELLED');
    const [, refunded, moved] = await Promise.all([
      deps.seats.free(tx, [paid.id]),
      deps.wallets.credit(tx, 'REFUND', { transactionId: newId(now.getTime()), userId: paid.userId, amount: paid.total, orderId: paid.id, now }),
      deps.reservations.transition(tx, paid.version, cancelled),
      deps.outbox.append(tx, [seatsReleased(cancelled, 'PAID', paid.total, now)]),
    ]);
    if (!refunded || !moved) throw new Error(`reservation ${id}: cancel did not apply`);
    return cancelled;
  });
}

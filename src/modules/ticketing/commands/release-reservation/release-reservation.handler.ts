import { markReservationEnded, type Reservation } from '../../domain/reservation';
import { reservationNotFound, reservationNotHeld } from '../../domain/ticketing-errors';
import { seatsReleased } from '../../events';
import type { TicketingDeps } from '../../ticketing.deps';
import type { ReservationIdInput } from './release-reservation.input';

/** Gives a HELD reservation's seats back at once (releasing twice: RESERVATION_NOT_HELD). */
export async function releaseReservation(deps: TicketingDeps, userId: string, input: ReservationIdInput): Promise<Reservation> {
  const id = input.reservationId.toLowerCase();
  return deps.transactions.withTransaction(async (tx) => {
    const held = await deps.reservations.lock(tx, id);
    if (!held || held.userId !== userId) throw reservationNotFound();
    if (held.status !== 'HELD') throw reservationNotHeld(held.status);
    const now = deps.clock.now();
    const released = markReservationEnded(held, 'RELEASED');
    const [, moved] = await Promise.all([
      deps.seats.free(tx, [held.id]),
      deps.reservations.transition(tx, held.version, released),
      deps.outbox.append(tx, [seatsReleased(released, 'HELD', 0, now)]),
    ]);
    if (!moved) throw new Error(`reservation ${id} changed under its lock`);
    return released;
  });
}

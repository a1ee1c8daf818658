import { newId } from '../../../../shared/ids';
import { claimOrReplay } from '../../../../shared/idempotency';
import type { Tx } from '../../../../shared/tx';
import { gatesOf, requireAdmission } from '../../../waiting-room';
import { bestAvailable, gradeOfSeat, type Performance } from '../../domain/performance';
import { openReservation, type Reservation } from '../../domain/reservation';
import {
  badInput, performanceNotFound, salesEnded, salesNotOpen, seatLimitExceeded, seatsUnavailable,
} from '../../domain/ticketing-errors';
import { seatsHeld } from '../../events';
import type { SeatState } from '../../stores/seat.store';
import type { TicketingDeps } from '../../ticketing.deps';
import type { HoldSeatsInput } from './hold-seats.input';

/**
 * All or nothing: the wanted seats are locked in seat-number order (so overlapping requests
 * never deadlock), and held only if every one is free; otherwise nothing is written and
 * SEAT_UNAVAILABLE names the taken ones. Best available picks inside the same transaction,
 * skipping seats another picker is taking right now. The per-user cap is counted under a
 * per-buyer lock, so two holds of one user cannot both slip under it.
 */
export async function holdSeats(deps: TicketingDeps, userId: string, input: HoldSeatsInput): Promise<Reservation> {
  if (!input.seatNumbers === !input.bestAvailable) throw badInput('Give exactly one of seatNumbers or bestAvailable', ['input', 'seatNumbers']);
  const performanceId = input.performanceId.toLowerCase();
  const queueToken = input.queueToken ?? null;
  const now = deps.clock.now();
  const scope = { userId, operation: 'holdSeats', key: input.idempotencyKey };
  const request = { performanceId, seatNumbers: input.seatNumbers ?? null, bestAvailable: input.bestAvailable ?? null };

  const gates = await gatesOf(deps.admission, [{ performanceId }]); // before the transaction (see gatesOf)
  const reservation = await deps.transactions.withTransaction(async (tx) => {
    const [claim, performance] = await Promise.all([
      claimOrReplay<Reservation>(deps.idempotency, tx, scope, request, now),
      deps.events.performance(tx, performanceId),
    ]);
    if (claim.replayed) return claim.response; // the answer it had, even once the ticket is spent
    // After the replay check, so a retried hold that succeeded is not refused for a spent ticket.
    await requireAdmission(deps.admission, userId, gates, queueToken);
    if (!performance) throw performanceNotFound();
    if (now < performance.salesOpenAt) throw salesNotOpen(performance.salesOpenAt);
    if (now >= performance.startsAt) throw salesEnded(performance.startsAt);
    const wanted = input.seatNumbers?.length ?? input.bestAvailable!.count;
    const already = await deps.reservations.lockBuyerAndCountSeats(tx, userId, performanceId, now);
    if (already + wanted > performance.maxSeatsPerUser) throw seatLimitExceeded(performance.maxSeatsPerUser, already, input.seatNumbers ? ['seatNumbers'] : ['bestAvailable', 'count']);

    const chosen = input.seatNumbers ? await namedSeats(deps, tx, performance, input.seatNumbers, now) : await bestSeats(deps, tx, performance, input.bestAvailable!, now);
    const held = openReservation({
      id: newId(now.getTime()), performanceId, userId, seats: chosen.map(({ number, grade, price }) => ({ number, grade, price })),
      now, holdSeconds: performance.holdSeconds, queueToken,
    });
    await Promise.all([
      deps.seats.hold(tx, performanceId, held.seats.map((s) => s.number), held.id, new Date(held.expiresAt)),
      deps.reservations.insert(tx, held),
      deps.idempotency.saveResponse(tx, scope, held),
      deps.outbox.append(tx, [seatsHeld(held, now)]),
    ]);
    return held;
  });
  // A live hold keeps the queue ticket ACTIVE until the hold ends (best effort: the TTL still bounds it).
  if (queueToken && deps.admission) await deps.admission.extend(queueToken, new Date(reservation.expiresAt)).catch(() => undefined);
  return reservation;
}

async function namedSeats(deps: TicketingDeps, tx: Tx, performance: Performance, numbers: number[], now: Date): Promise<SeatState[]> {
  const outside = numbers.findIndex((n) => n > performance.seatCount);
  if (outside >= 0) throw badInput(`This performance has seats 1 to ${performance.seatCount}`, ['input', 'seatNumbers', String(outside)]);
  const seats = await deps.seats.lock(tx, performance.id, [...numbers].sort((a, b) => a - b), now);
  const taken = seats.filter((s) => !s.free).map((s) => s.number);
  if (taken.length > 0) throw seatsUnavailable(taken, numbers);
  return seats;
}

async function bestSeats(deps: TicketingDeps, tx: Tx, performance: Performance, wanted: { count: number; grade: string }, now: Date): Promise<SeatState[]> {
  if (!performance.grades.some((g) => g.name === wanted.grade)) {
    throw badInput(`No grade "${wanted.grade}" (grades: ${performance.grades.map((g) => g.name).join(', ')})`, ['input', 'bestAvailable', 'grade']);
  }
  const free = await deps.seats.lockFreeInGrade(tx, performance.id, wanted.grade, now);
  const picks = bestAvailable(free.map((s) => s.number), wanted.count);
  if (!picks) throw seatsUnavailable([], null);
  return free.filter((s) => picks.includes(s.number) && gradeOfSeat(performance, s.number));
}

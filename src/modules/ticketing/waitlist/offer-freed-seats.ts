import { newId } from '../../../shared/ids';
import type { Tx } from '../../../shared/tx';
import { bestAvailable, type Performance } from '../domain/performance';
import { openReservation } from '../domain/reservation';
import { seatsHeld } from '../events';
import type { SeatState } from '../stores/seat.store';
import type { TicketingDeps } from '../ticketing.deps';
import type { WaitlistEntry } from './waitlist.store';

/** Lines looked at, and offers made per line, in one pass (the next pass goes on). */
const LINES_PER_PASS = 50;
const OFFERS_PER_LINE = 20;

type Outcome = 'OFFERED' | 'LAPSED' | 'NO_SEATS' | 'EMPTY';

/**
 * Worker role, after each expiry sweep: first settles ended offers (paid → FULFILLED, run out →
 * LAPSED, which frees their seats for the next in line), then gives freed seats to waiting lists
 * in line order — each offer a HELD reservation made for the waiter in its own transaction, with
 * the performance's hold time and the usual SeatsHeld event (so myReservations, the seat map and
 * seatsChanged see it like any hold). A waiter over the per-person cap, or of a performance that
 * has started, lapses. Returns the offers made.
 */
export async function offerFreedSeats(deps: TicketingDeps): Promise<number> {
  const { transactions, waitlist, clock } = deps;
  const now = clock.now();
  const lines = await transactions.withTransaction(async (tx) => {
    await waitlist.settleOffers(tx, now);
    return waitlist.linesWaiting(tx, LINES_PER_PASS);
  });
  let offered = 0;
  for (const performanceId of lines) {
    for (let i = 0; i < OFFERS_PER_LINE; i++) {
      const outcome = await transactions.withTransaction((tx) => offerNext(deps, tx, performanceId, now));
      if (outcome === 'OFFERED') offered++;
      if (outcome === 'NO_SEATS' || outcome === 'EMPTY') break;
    }
  }
  return offered;
}

async function offerNext(deps: TicketingDeps, tx: Tx, performanceId: string, now: Date): Promise<Outcome> {
  const entry = await deps.waitlist.lockFirst(tx, performanceId);
  if (!entry) return 'EMPTY';
  const performance = await deps.events.performance(tx, performanceId);
  const already = performance ? await deps.reservations.lockBuyerAndCountSeats(tx, entry.userId, performanceId, now) : 0;
  if (!performance || now >= performance.startsAt || already + entry.count > performance.maxSeatsPerUser) {
    await deps.waitlist.markLapsed(tx, entry.id, now);
    return 'LAPSED';
  }
  const seats = await pick(deps, tx, performance, entry, now);
  if (!seats) return 'NO_SEATS'; // the first in line waits for enough seats; nobody jumps ahead
  const offer = openReservation({
    id: newId(now.getTime()), performanceId, userId: entry.userId, now, holdSeconds: performance.holdSeconds, queueToken: null,
    seats: seats.map(({ number, grade, price }) => ({ number, grade, price })),
  });
  await Promise.all([
    deps.seats.hold(tx, performanceId, offer.seats.map((s) => s.number), offer.id, new Date(offer.expiresAt)),
    deps.reservations.insert(tx, offer),
    deps.waitlist.markOffered(tx, entry.id, offer.id, now),
    deps.outbox.append(tx, [seatsHeld(offer, now)]),
  ]);
  return 'OFFERED';
}

/** `count` free seats of the wanted grade (or of the first grade that has them), adjacent when possible. */
async function pick(deps: TicketingDeps, tx: Tx, performance: Performance, entry: WaitlistEntry, now: Date): Promise<SeatState[] | null> {
  for (const grade of entry.grade ? [entry.grade] : performance.grades.map((g) => g.name)) {
    const free = await deps.seats.lockFreeInGrade(tx, performance.id, grade, now);
    const numbers = bestAvailable(free.map((s) => s.number), entry.count);
    if (numbers) return free.filter((s) => numbers.includes(s.number));
  }
  return null;
}

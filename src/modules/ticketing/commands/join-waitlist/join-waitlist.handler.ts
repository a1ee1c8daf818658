import { newId } from '../../../../shared/ids';
import { badInput, performanceNotFound, salesEnded, salesNotOpen, seatLimitExceeded, seatsAvailable } from '../../domain/ticketing-errors';
import type { TicketingDeps } from '../../ticketing.deps';
import type { WaitlistEntry } from '../../waitlist/waitlist.store';
import type { JoinWaitlistInput } from './join-waitlist.input';

/**
 * A place in the performance's waiting list, for a sold-out performance (or grade). Joining
 * again returns the same entry. When seats free up, the worker makes the first in line a HELD
 * reservation (waitlist/offer-freed-seats.ts).
 */
export async function joinWaitlist(deps: TicketingDeps, userId: string, input: JoinWaitlistInput): Promise<WaitlistEntry> {
  const performanceId = input.performanceId.toLowerCase();
  const grade = input.grade?.trim() ?? null;
  const now = deps.clock.now();
  return deps.transactions.withTransaction(async (tx) => {
    const performance = await deps.events.performance(tx, performanceId);
    if (!performance) throw performanceNotFound();
    if (now >= performance.startsAt) throw salesEnded(performance.startsAt);
    if (now < performance.salesOpenAt) throw salesNotOpen(performance.salesOpenAt);
    if (grade !== null && !performance.grades.some((g) => g.name === grade)) {
      throw badInput(`No grade "${grade}" (grades: ${performance.grades.map((g) => g.name).join(', ')})`, ['input', 'grade']);
    }
    if (input.count > performance.maxSeatsPerUser) throw seatLimitExceeded(performance.maxSeatsPerUser, 0, ['count']);
    const free = await deps.seats.countFree(tx, performanceId, grade, now);
    if (free >= input.count) throw seatsAvailable(free);
    const { entry } = await deps.waitlist.join(tx, { id: newId(now.getTime()), performanceId, userId, count: input.count, grade, createdAt: now.toISOString() }, now);
    return entry;
  });
}

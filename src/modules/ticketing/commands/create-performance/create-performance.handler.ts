import { newId } from '../../../../shared/ids';
import { eventNotFound, badInput } from '../../domain/ticketing-errors';
import { numberGrades, performanceProblems, type Performance } from '../../domain/performance';
import { performanceCreated } from '../../events';
import type { TicketingDeps } from '../../ticketing.deps';
import type { CreatePerformanceInput } from './create-performance.input';

export async function createPerformance(deps: TicketingDeps, input: CreatePerformanceInput): Promise<Performance> {
  const now = deps.clock.now();
  const grades = input.grades.map((g) => ({ name: g.name.trim(), price: g.price, seats: g.seats }));
  const [problem] = performanceProblems({ ...input, grades }, now);
  if (problem) throw badInput(problem[1], ['input', problem[0]]);
  const numbered = numberGrades(grades);
  const performance: Performance = {
    id: newId(now.getTime()), eventId: input.eventId.toLowerCase(), startsAt: input.startsAt, salesOpenAt: input.salesOpenAt,
    grades: numbered, seatCount: numbered[numbered.length - 1].lastSeat, maxSeatsPerUser: input.maxSeatsPerUser,
    holdSeconds: input.holdSeconds, createdAt: now,
  };
  await deps.transactions.withTransaction(async (tx) => {
    if (!(await deps.events.eventExists(tx, performance.eventId))) throw eventNotFound();
    await Promise.all([deps.events.insertPerformance(tx, performance), deps.outbox.append(tx, [performanceCreated(performance)])]);
  });
  return performance;
}

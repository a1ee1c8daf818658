import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { isId } from '../../../shared/ids';
import { seatsOf } from '../../../../projections/seat-map';
import { EventType, GradeType, PerformanceType, SeatStatus, SeatType } from './ticketing.types';
import { PerformanceGateType } from './ticketing-read.types';
import { eventRoot, fullViewOf, mapRoot, seatViewOf, type EventRoot, type PerformanceRoot } from './performance-view';
import { queueAdmissionOf, seatMapOf } from './seat-map.access';

/**
 * Public reads of a performance from the seat-map read model. The performance and the status
 * of every seat come from one statement (or one cached document made by one): seatCount,
 * availableSeatCount, grades and seats of one answer always agree.
 */
@Resolver(() => PerformanceType)
export class PerformanceQueryResolver {
  @Query(() => PerformanceType, { nullable: true })
  async performance(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<PerformanceRoot | null> {
    if (!isId(id)) return null;
    const map = await seatMapOf(ctx.services).performance(id.toLowerCase());
    return map ? mapRoot(map) : null;
  }

  @FieldResolver(() => EventType, { nullable: true, description: 'Null only for a moment after creation, until the read model has it' })
  async event(@Root() performance: PerformanceRoot, @Ctx() ctx: AppContext): Promise<EventRoot | null> {
    const event = await seatMapOf(ctx.services).event(performance.eventId);
    return event ? eventRoot(event, event.performances) : null;
  }

  @FieldResolver(() => Int, { description: 'Seats free now (read model)' })
  async availableSeatCount(@Root() performance: PerformanceRoot, @Ctx() ctx: AppContext): Promise<number> {
    const view = await seatViewOf(performance, seatMapOf(ctx.services));
    return view.availableByGrade.reduce((sum, n) => sum + n, 0);
  }

  @FieldResolver(() => [GradeType], { description: 'Grades in seat order, with their free seats (read model)' })
  async grades(@Root() performance: PerformanceRoot, @Ctx() ctx: AppContext): Promise<GradeType[]> {
    const view = await seatViewOf(performance, seatMapOf(ctx.services));
    return performance.grades.map((g, i) => ({ name: g.name, price: g.price, seats: g.seats, available: view.availableByGrade[i] ?? 0 }));
  }

  @FieldResolver(() => [SeatType], { description: 'Every seat in number order, or only those in `status` (read model)' })
  async seats(
    @Root() performance: PerformanceRoot,
    @Ctx() ctx: AppContext,
    @Arg('status', () => SeatStatus, { nullable: true }) status?: SeatStatus | null,
  ): Promise<SeatType[]> {
    const view = await fullViewOf(performance, seatMapOf(ctx.services));
    return seatsOf({ grades: performance.grades, statuses: view.statuses ?? '' }, status ?? null) as SeatType[];
  }

  @FieldResolver(() => PerformanceGateType, { nullable: true, description: 'The waiting room in front of it; null when it is not gated' })
  async gate(@Root() performance: PerformanceRoot, @Ctx() ctx: AppContext): Promise<PerformanceGateType | null> {
    const admission = queueAdmissionOf(ctx.services);
    if (!admission) return null;
    const gate = await admission.gateOf({ performanceId: performance.id });
    return gate ? { id: gate.id } : null;
  }
}

import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { decodeCursor, pageSize, toConnection } from '../../../graphql/connection';
import { isId } from '../../../shared/ids';
import { pgEvents } from '../stores/event.store';
import { PerformanceType, ReservationStatusEnum, ReservationType } from './ticketing.types';
import { ReservationConnection } from './ticketing-read.types';
import { mapRoot, performanceRoot, type PerformanceRoot } from './performance-view';
import { autocommitReads, reservationById, reservationsOf } from './reservation.queries';
import { seatMapOf } from './seat-map.access';

/** The signed-in buyer's reservations, read from the write model (exact for their owner). */
@Resolver(() => ReservationType)
export class ReservationQueryResolver {
  @Authorized()
  @Query(() => ReservationConnection, { description: 'Your reservations, newest first' })
  async myReservations(
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('status', () => ReservationStatusEnum, { nullable: true }) status?: ReservationStatusEnum | null,
  ) {
    const size = pageSize(first);
    const afterId = decodeCursor(after);
    const page = await reservationsOf(ctx.services.pool, ctx.user!.id, status ?? null, size, afterId);
    return toConnection(page.items, page.hasNextPage, page.totalCount, afterId, ReservationType.from);
  }

  @Authorized()
  @Query(() => ReservationType, { nullable: true, description: 'One of your reservations (null for anyone else\'s)' })
  async reservation(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<ReservationType | null> {
    if (!isId(id)) return null;
    const reservation = await reservationById(ctx.services.pool, id.toLowerCase());
    const user = ctx.user!;
    if (!reservation || (reservation.userId !== user.id && user.role !== 'ADMIN')) return null;
    return ReservationType.from(reservation);
  }

  /** From the seat map; for the moment before the projector has the performance, from the write model. */
  @FieldResolver(() => PerformanceType)
  async performance(@Root() reservation: ReservationType, @Ctx() ctx: AppContext): Promise<PerformanceRoot> {
    const map = await seatMapOf(ctx.services).performance(reservation.performanceId);
    if (map) return mapRoot(map);
    const written = await pgEvents.performance(autocommitReads(ctx.services.pool), reservation.performanceId);
    if (!written) throw new Error(`reservation ${reservation.id} names no performance`);
    return performanceRoot({
      ...written, startsAt: new Date(written.startsAt).toISOString(), salesOpenAt: new Date(written.salesOpenAt).toISOString(),
    }, null);
  }
}

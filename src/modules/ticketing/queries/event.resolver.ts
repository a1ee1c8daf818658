import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { decodeCursor, pageSize, toConnection } from '../../../graphql/connection';
import { selectedFieldArgs } from '../../../graphql/selection';
import { isId } from '../../../shared/ids';
import { EventType, PerformanceType } from './ticketing.types';
import { EventConnection } from './ticketing-read.types';
import { eventRoot, mapRoot, seatViewOf, summaryRoot, type EventRoot, type PerformanceRoot } from './performance-view';
import { seatMapOf } from './seat-map.access';

/** Public reads of events from the seat-map read model. */
@Resolver(() => EventType)
export class EventQueryResolver {
  @Query(() => EventConnection, { description: 'Ticketed events, newest first' })
  async events(
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = pageSize(first);
    const afterId = decodeCursor(after);
    const page = await seatMapOf(ctx.services).events(size, afterId);
    return toConnection(page.items, page.hasNextPage, page.totalCount, afterId, (e) => eventRoot(e));
  }

  @Query(() => EventType, { nullable: true })
  async event(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<EventRoot | null> {
    if (!isId(id)) return null;
    const event = await seatMapOf(ctx.services).event(id.toLowerCase());
    return event ? eventRoot(event, event.performances) : null;
  }

  /**
   * From the event's document (one statement: every performance with its free seats per grade).
   * When the query also selects `seats` under them, all of them are read with their seat
   * statuses instead, again in one statement, so each Performance's counts and seats agree.
   */
  @FieldResolver(() => [PerformanceType], { description: 'Its performances by start time' })
  async performances(
    @Root() event: EventRoot,
    @Ctx() ctx: AppContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('availableOnly', () => Boolean, {
      nullable: true, defaultValue: true, description: 'Only performances not yet started with at least one free seat',
    }) availableOnly?: boolean | null,
  ): Promise<PerformanceRoot[]> {
    const seatMap = seatMapOf(ctx.services);
    let roots: PerformanceRoot[];
    if (selectedFieldArgs(info, 'seats') !== undefined) {
      roots = (await seatMap.performancesOfEvent(event.id)).map(mapRoot);
    } else {
      const summaries = event.summaries ?? (await seatMap.event(event.id))?.performances ?? [];
      roots = summaries.map(summaryRoot);
    }
    if (availableOnly === false) return roots;
    const now = ctx.services.clock.now().getTime();
    const open = await Promise.all(roots.map(async (p) => {
      const view = await seatViewOf(p, seatMap);
      return p.startsAt.getTime() > now && view.availableByGrade.some((n) => n > 0);
    }));
    return roots.filter((_, i) => open[i]);
  }
}

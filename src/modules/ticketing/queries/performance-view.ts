import {
  availableByGrade, type EventRead, type PerformanceRead, type PerformanceSeatMap, type PerformanceSummary, type SeatMapQueries,
} from '../../../../projections/seat-map';
import { EventType, PerformanceType } from './ticketing.types';

/**
 * What a Performance's count fields and seat list are computed from. One view comes from one
 * statement, and every field of one Performance object reads the same view, so
 * `availableSeatCount`, `grades { available }` and `seats` always agree in one answer.
 */
export interface SeatView {
  availableByGrade: number[];
  /** One char per seat (see PerformanceSeatMap); null in an event's summary (no seat list). */
  statuses: string | null;
}

/** A Performance object as the resolvers hand it on: the view it was read with, or one loaded on first use. */
export type PerformanceRoot = PerformanceType & { seatView?: Promise<SeatView>; fullView?: Promise<SeatView> };
export type EventRoot = EventType & { summaries?: PerformanceSummary[] };

export const viewOfMap = (map: PerformanceSeatMap): SeatView => ({ availableByGrade: availableByGrade(map), statuses: map.statuses });

export function performanceRoot(p: PerformanceRead, view: SeatView | null): PerformanceRoot {
  const root: PerformanceRoot = PerformanceType.from({ ...p, startsAt: new Date(p.startsAt), salesOpenAt: new Date(p.salesOpenAt) });
  if (view) root.seatView = Promise.resolve(view);
  return root;
}

export const mapRoot = (map: PerformanceSeatMap) => performanceRoot(map, viewOfMap(map));
export const summaryRoot = (s: PerformanceSummary) => performanceRoot(s, { availableByGrade: s.availableByGrade, statuses: null });

export function eventRoot(e: EventRead, summaries?: PerformanceSummary[]): EventRoot {
  const root: EventRoot = EventType.from({ ...e, createdAt: new Date(e.createdAt) });
  if (summaries) root.summaries = summaries;
  return root;
}

/**
 * A performance the read model does not show yet (created a moment ago, e.g. the answer of
 * createPerformance): nothing can have been held, every seat is free.
 */
const untouched = (p: PerformanceType): SeatView => ({ availableByGrade: p.grades.map((g) => g.seats), statuses: 'A'.repeat(p.seatCount) });

async function load(seatMap: SeatMapQueries, root: PerformanceType): Promise<SeatView> {
  const map = await seatMap.performance(root.id);
  return map ? viewOfMap(map) : untouched(root);
}

/** The view every count field of this object uses (loaded once per object). */
export function seatViewOf(root: PerformanceRoot, seatMap: SeatMapQueries): Promise<SeatView> {
  return (root.seatView ??= load(seatMap, root));
}

/**
 * The view with seat statuses. An event's performances are read with statuses whenever the
 * query selects `seats` under them (see EventQueryResolver.performances); this second read is
 * only for a selection that check missed (a @skip/@include directive), in its own snapshot.
 */
export async function fullViewOf(root: PerformanceRoot, seatMap: SeatMapQueries): Promise<SeatView> {
  const view = await seatViewOf(root, seatMap);
  if (view.statuses !== null) return view;
  return (root.fullView ??= load(seatMap, root));
}

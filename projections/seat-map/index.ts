import type { Pool } from 'pg';
import type { Cache } from '../../src/infrastructure/redis/cache';
import { SeatMapProjection } from './seat-map.projector';

/** The seat-map read model (event_read, performance_read, seat_read) as the rest of the codebase may use it. */
export { SeatMapProjection, type SeatMapChanges } from './seat-map.projector';
export { SeatMapQueries } from './seat-map.query';
export {
  availableByGrade, seatsOf,
  type EventRead, type EventSeatMap, type EventsPage, type PerformanceRead, type PerformanceSeatMap, type PerformanceSummary,
  type SeatRead, type SeatStatusRead,
} from './seat-map.read';
export { EVENTS_GENERATION_KEY, SEAT_MAP_GENERATION_KEY, SEAT_MAP_READ_MODEL } from './seat-map.cache';

/** The projection factory for the registry / a module's `projections`. */
export const createSeatMapProjection = (pool: Pool, cache: Cache): SeatMapProjection => new SeatMapProjection(pool, cache);

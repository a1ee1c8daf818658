import type { Pool } from 'pg';
import type { Cache } from '../../../infrastructure/redis/cache';
import { SeatMapQueries } from '../../../../projections/seat-map';
export { queueAdmissionOf } from '../ticketing.deps';

/**
 * The seat-map reads for a request. SeatMapQueries holds nothing but the pool and the cache, so
 * making one per call costs an object; the module may hand a shared one in its services instead.
 */
export const seatMapOf = (services: { pool: Pool; cache: Cache }): SeatMapQueries => new SeatMapQueries(services.pool, services.cache);

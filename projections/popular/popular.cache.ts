import type { ReadModel } from '../projection';
import { cacheKey } from '../cache-key';

/**
 * Redis keys of the popular read model. Rankings are keyed by a generation the projector bumps
 * after every commit that changed a bucket: a reader that filled a key from an old snapshot can
 * only have written under a generation that is already obsolete, so no stale ranking survives
 * a change (the TTL only collects garbage). The key also names the day, so midnight rolls over.
 */
export const POPULAR_TTL_SECONDS = 120;
export const POPULAR_GENERATION_KEY = 'popular:v1:generation';
/** popular_daily / popular_orders_daily and the generation the projector bumps after a commit that moved a bucket. */
export const POPULAR_READ_MODEL: ReadModel = {
  name: 'popular', tables: ['popular_daily', 'popular_orders_daily'], generationKey: POPULAR_GENERATION_KEY,
};
export const popularKey = (generation: string, lastDay: string, days: number, limit: number) =>
  cacheKey('popular:v2', [generation, lastDay, days, limit]);

/** What the projector refreshes after a change: the query the storefront sends most. */
export const DEFAULT_DAYS = 3;
export const DEFAULT_LIMIT = 5;

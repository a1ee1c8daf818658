/** The popular-products read model (popular_daily, popular_orders_daily) as the rest of the codebase may use it. */
export { PopularProjection, type PopularChanges } from './popular.projector';
export { PopularQueries, RECOMMENDATION_DAYS, type PopularItem, type PopularRanking } from './popular.query';
export { POPULAR_READ_MODEL, POPULAR_GENERATION_KEY } from './popular.cache';
export { MAX_DAYS, MAX_LIMIT, utcDay } from './popular.window';

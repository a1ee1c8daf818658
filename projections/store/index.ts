import type { Pool } from 'pg';
import type { Cache } from '../../src/infrastructure/redis/cache';
import { StoreProjection } from './store.projector';

/** The store read model (store_read, menu_item_read) as the rest of the codebase may use it. */
export { StoreProjection } from './store.projector';
export { StoreQueries, type NearQuestion } from './store.query';
export type { MenuItemRead, StoreRead, StoresPage } from './store.read';
export { STORE_GENERATION_KEY, STORE_READ_MODEL } from './store.cache';

export const createStoreProjection = (pool: Pool, cache: Cache): StoreProjection => new StoreProjection(pool, cache);

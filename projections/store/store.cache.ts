import type { Cache } from '../../src/infrastructure/redis/cache';
import type { ReadModel } from '../projection';
import { revisionOf, type StoreRead } from './store.read';

const PREFIX = 'store:v1:';
export const DOC_TTL_SECONDS = 60;
export const PAGE_TTL_SECONDS = 30;

/** Bumped after every commit that changed store_read or menu_item_read (pages of stores(near:) are keyed by it). */
export const STORE_GENERATION_KEY = `${PREFIX}generation`;
export const STORE_READ_MODEL: ReadModel = { name: 'store', tables: ['store_read', 'menu_item_read'], generationKey: STORE_GENERATION_KEY };

export const storeDocKey = (id: string) => `${PREFIX}store:${encodeURIComponent(id)}`;
/** Every part of the question in one JSON array: no two questions share a key. */
export const nearPageKey = (generation: string, question: unknown[]) => `${PREFIX}near:${encodeURIComponent(JSON.stringify([generation, ...question]))}`;
export const ALL_KEYS_PATTERN = `${PREFIX}*`;

/**
 * A store document is replaced only by one with a higher revision (the sum of its versions, see
 * store.read.ts): a reader that filled the cache from an older read and a projector refreshing
 * after its commit may write in any order, and the newer state stays.
 */
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local stored = tonumber(string.match(current, '^{"rev":(%d+),'))
  if stored and stored >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

export async function putStoreDoc(cache: Cache, store: StoreRead): Promise<void> {
  const rev = revisionOf(store);
  await cache.attempt('store', (r) => r.eval(SET_IF_NEWER, 1, storeDocKey(store.id), rev, `{"rev":${rev},"doc":${JSON.stringify(store)}}`, DOC_TTL_SECONDS));
}

export async function getStoreDoc(cache: Cache, id: string): Promise<StoreRead | undefined> {
  const hit = await cache.get<{ rev: number; doc: StoreRead }>('store', storeDocKey(id));
  return hit?.doc;
}

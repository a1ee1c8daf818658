import type { Cache } from '../../src/infrastructure/redis/cache';
import type { ReadModel } from '../projection';
import type { ProductRead } from './product.read';
import { cacheKey } from '../cache-key';

export const PRODUCT_TTL_SECONDS = 300;
export const PRODUCTS_PAGE_TTL_SECONDS = 60;

/** Ids reach here checked (isId), but the key is encoded anyway: no input can pose as another key. */
export const productKey = (id: string) => `product:v1:${encodeURIComponent(id)}`;
/** What resetCache deletes (a SCAN pattern, never a key). */
export const PRODUCT_KEYS_PATTERN = 'product:v1:*';
/** Pages are keyed by a generation number the projector bumps on every change: no stale page survives a change. */
export const PRODUCTS_GENERATION_KEY = 'products:v1:generation';
export const productsPageKey = (generation: string, category: string | null, first: number, after: string | null) =>
  cacheKey('products:v2', [generation, category, first, after]);

/** product_read and the generation the projector bumps after every product or stock change it commits. */
export const PRODUCT_READ_MODEL: ReadModel = { name: 'product', tables: ['product_read'], generationKey: PRODUCTS_GENERATION_KEY };

/**
 * Sets a product entry unless Redis already holds a newer one. A reader that filled the cache
 * from an old row can then never overwrite what the projector wrote after its commit.
 */
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local c = cjson.decode(current)
  local n = cjson.decode(ARGV[1])
  if c.version > n.version or c.stockVersion > n.stockVersion then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1`;

export function cacheProduct(cache: Cache, product: ProductRead): Promise<unknown> {
  // Not yet visible (see ProductQueries): nothing to cache until its stock is known too.
  if (product.version === 0 || product.stockVersion === 0) return Promise.resolve();
  return cache.attempt('product', (r) => r.eval(SET_IF_NEWER, 1, productKey(product.id), JSON.stringify(product), PRODUCT_TTL_SECONDS));
}

import type { Clock } from '../shared/clock';
import type { CacheableField } from './response-cache';
import { POPULAR_GENERATION_KEY } from '../../projections/popular/popular.cache';
import { PRODUCTS_GENERATION_KEY } from '../../projections/product/product.cache';
import { utcDay } from '../../projections/popular/popular.window';

/**
 * Root fields the response cache may answer (see response-cache.ts). List a field only when its
 * whole answer, nested fields included, is the same for every caller. Each names the generation
 * keys its projectors bump: rankings change with sales (popular) and show product fields such as
 * stock (products); the UTC day moves the window.
 */
export function publicCacheableFields(services: { clock: Clock }): CacheableField[] {
  const today = () => utcDay(services.clock.now());
  return [
    { field: 'popularProducts', generationKeys: [POPULAR_GENERATION_KEY, PRODUCTS_GENERATION_KEY], vary: today },
    { field: 'recommendedProducts', generationKeys: [POPULAR_GENERATION_KEY, PRODUCTS_GENERATION_KEY], vary: today },
    // The catalog read model: public, and the product projector bumps this generation after every
    // product or stock change it commits, so an answer never outlives the row it was made from.
    { field: 'product', generationKeys: [PRODUCTS_GENERATION_KEY] },
    { field: 'products', generationKeys: [PRODUCTS_GENERATION_KEY] },
  ];
}

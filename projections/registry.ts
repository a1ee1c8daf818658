import type { Pool } from 'pg';
import type { Cache } from '../src/infrastructure/redis/cache';
import type { Projection } from './projection';
import { ProductProjection } from './product/product.projector';
import { PopularProjection } from './popular/popular.projector';

/** Every read model this codebase maintains; `projections:rebuild -- <name>` picks from here. */
export function createProjections(pool: Pool, cache: Cache): Projection[] {
  return [new ProductProjection(pool, cache), new PopularProjection(pool, cache)];
}

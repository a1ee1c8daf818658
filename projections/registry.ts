import type { Pool } from 'pg';
import type { Cache } from '../src/infrastructure/redis/cache';
import { modules } from '../src/modules';
import type { Projection } from './projection';

/** Every read model the modules maintain; `projections:rebuild -- <name>` picks from here. */
export function createProjections(pool: Pool, cache: Cache): Projection[] {
  const projections = modules.flatMap((m) => m.projections?.(pool, cache) ?? []);
  const names = projections.map((p) => p.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`two projections are named ${twice}: the name is their durable consumer`);
  return projections;
}

import type { StampedeModule } from '../modules/module';
import type { Services } from './context';
import type { CacheableField } from './response-cache';

/**
 * Root fields the response cache may answer (see response-cache.ts), from every module's
 * `cacheableFields`. A field's generation keys are those of the read models its queries declare
 * (`reads`), so an answer is retired by any commit of the projectors behind it; a field that
 * declares none could never be retired and is refused. cacheable-fields.int.spec.ts checks each
 * declaration against the tables the field's resolvers actually read.
 */
export function cacheableFields(modules: readonly StampedeModule[], services: Services): CacheableField[] {
  const fields = modules.flatMap((m) => m.cacheableFields?.(services) ?? []);
  const seen = new Set<string>();
  return fields.map(({ field, reads, vary }) => {
    if (seen.has(field)) throw new Error(`response cache: Query.${field} is declared cacheable twice`);
    seen.add(field);
    if (reads.length === 0) throw new Error(`response cache: Query.${field} declares no read models, so nothing would ever retire its answers`);
    return { field, generationKeys: [...new Set(reads.map((r) => r.generationKey))], vary };
  });
}

import {
  execute, getNamedType, isLeafType, isNonNullType, isObjectType, parse, type GraphQLField, type GraphQLOutputType, type GraphQLSchema,
} from 'graphql';
import type { Pool } from 'pg';
import { startTestApp, type TestApp } from '../../test/support/test-app';
import { buildServices } from '../app';
import { modules } from '../modules';
import type { CacheableQuery, StampedeModule } from '../modules/module';
import type { Cache } from '../infrastructure/redis/cache';
import { newId } from '../shared/ids';
import { createProjections } from '../../projections/registry';
import type { ReadModel } from '../../projections/projection';
import { cacheableFields } from './cacheable-queries';
import { createContext, type Services } from './context';
import { buildAppSchema } from './schema';

/**
 * Ties every cacheable root field to its generation keys. Each field is executed as the response
 * cache would let it be (every nested field selected, anonymous, Redis away so every read reaches
 * Postgres), the tables its resolvers read are recorded, and the read models owning them must be
 * exactly those the field declares: its keys are then exactly the keys of what it reads. A field
 * that reads a table no read model owns (say, the write model) has nothing to retire its cached
 * answers and fails here, as does one that declares a read model it never reads.
 */
let app: TestApp;
let tables: Set<string>;
const read = new Set<string>();
const productId = newId();
const otherId = newId();

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
  const { rows } = await app.services.pool.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public'",
  );
  tables = new Set(rows.map((r) => r.name));
  // Two visible products of one category, both sold today: every nested resolver has something to resolve.
  const category = `cacheable-${productId}`;
  await app.services.pool.query(
    `insert into product_read (id, name, description, category, price, stock, version, stock_version, created_at, updated_at)
     select id, 'cacheable', '', $2, 100, 5, 1, 1, now(), now() from unnest($1::uuid[]) as id`,
    [[productId, otherId], category],
  );
  const today = new Date().toISOString().slice(0, 10);
  await app.services.pool.query(
    `insert into popular_daily (day, product_id, sold_quantity, revenue) select $1::date, id, 1, 100 from unnest($2::uuid[]) as id`,
    [today, [productId, otherId]],
  );
});
afterAll(() => app.stop());

/** The app's services with a pool that records what it is asked and a cache that always misses. */
function recordingServices(): Services {
  const { modules: _modules, ...infra } = app.services;
  const real = app.services.pool;
  const pool = Object.create(real) as Pool;
  (pool as { query: unknown }).query = (query: string | { text: string }, ...rest: unknown[]) => {
    const text = typeof query === 'string' ? query : query.text;
    for (const [, name] of text.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)/gi)) if (tables.has(name)) read.add(name);
    return (real.query as (...args: unknown[]) => unknown).call(real, query, ...rest);
  };
  const away = { redis: app.services.cache.redis, attempt: async () => undefined, get: async () => undefined, set: async () => undefined };
  return buildServices({ ...infra, pool, cache: away as unknown as Cache });
}

/** Every field a client could ask for under `type`, down to `depth` levels (fields needing arguments left out). */
function selectAll(type: GraphQLOutputType, depth: number): string | null {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (depth === 0 || !isObjectType(named)) return null;
  const parts = Object.values(named.getFields())
    .filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined))
    .map((f) => {
      const sub = selectAll(f.type, depth - 1);
      return sub === null ? null : `${f.name}${sub ? ` ${sub}` : ''}`;
    })
    .filter((part): part is string => part !== null);
  return parts.length > 0 ? `{ ${parts.join(' ')} }` : null;
}

/** A required argument's value: ids are the seeded product (the only public id the cacheable reads take). */
function argumentsOf(field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const values = required.map((a) => {
    if (getNamedType(a.type).name !== 'ID') throw new Error(`Query.${field.name}(${a.name}): give this spec a value for a required ${a.type}`);
    return `${a.name}: "${productId}"`;
  });
  return values.length > 0 ? `(${values.join(', ')})` : '';
}

describe('cacheable root fields', () => {
  let schema: GraphQLSchema;
  let services: Services;
  let declared: CacheableQuery[];
  let owners: Map<string, ReadModel>;

  beforeAll(async () => {
    schema = await buildAppSchema();
    services = recordingServices();
    declared = modules.flatMap((m) => m.cacheableFields?.(services) ?? []);
    owners = new Map();
    for (const projection of createProjections(services.pool, services.cache)) {
      for (const table of projection.readModel?.tables ?? []) owners.set(table, projection.readModel!);
    }
  });

  it('are declared', () => {
    expect(declared.map((d) => d.field).sort()).toEqual(['popularProducts', 'product', 'products', 'recommendedProducts']);
  });

  it('each read exactly the read models they declare, and carry exactly their generation keys', async () => {
    const keys = new Map(cacheableFields(modules, services).map((f) => [f.field, [...f.generationKeys].sort()]));
    for (const { field, reads } of declared) {
      const root = schema.getQueryType()!.getFields()[field];
      const document = parse(`{ ${field}${argumentsOf(root)} ${selectAll(root.type, 4) ?? ''} }`);
      read.clear();
      const result = await execute({ schema, document, contextValue: createContext(services, `cacheable-${field}`, undefined) });
      expect({ field, errors: result.errors ?? [] }).toEqual({ field, errors: [] });

      const unowned = [...read].filter((table) => !owners.has(table));
      expect({ field, tablesNoReadModelOwns: unowned }).toEqual({ field, tablesNoReadModelOwns: [] });
      const actual = [...new Set([...read].map((table) => owners.get(table)!.name))].sort();
      expect({ field, reads: [...new Set(reads.map((r) => r.name))].sort() }).toEqual({ field, reads: actual });
      const actualKeys = [...new Set([...read].map((table) => owners.get(table)!.generationKey))].sort();
      expect({ field, generationKeys: keys.get(field) }).toEqual({ field, generationKeys: actualKeys });
    }
  });

  it('refuse a field that declares no read model, and one declared twice', () => {
    const bare: StampedeModule = { name: 'bare', resolvers: [], cacheableFields: () => [{ field: 'product', reads: [] }] };
    expect(() => cacheableFields([bare], services)).toThrow(/declares no read models/);
    expect(() => cacheableFields([...modules, ...modules], services)).toThrow(/declared cacheable twice/);
  });
});

import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Nats } from '../infrastructure/nats/nats';
import type { Cache } from '../infrastructure/redis/cache';
import type { Projection, ReadModel } from '../../projections/projection';
import type { EventSchema } from '../shared/event-schema';
import type { Infrastructure, Services } from '../graphql/context';

export type ProcessRole = 'api' | 'relay' | 'projector' | 'worker';

/** What a module's background part gets when a process starts one of its roles. */
export interface ModuleRuntime {
  services: Services;
  nats: Nats;
  log: Logger;
}

/** Something started for a role; awaited on shutdown. */
export type Stop = () => Promise<unknown>;

/**
 * A root Query field the shared response cache may answer, and the read models its answer is
 * made from (take them from the queries it runs, e.g. `ProductQueries.reads`): the answer is
 * tagged with their generation keys, so any commit of their projectors retires it. List a field
 * only when its whole answer, nested fields included, is the same for every caller.
 */
export interface CacheableQuery {
  field: string;
  reads: readonly ReadModel[];
  /** A key part for what else the answer depends on, e.g. the current UTC day. */
  vary?: () => string;
}

/**
 * What one bounded context contributes to the app. `src/modules/index.ts` lists the modules;
 * the schema, the ORM config, the migrations, the projection registry, the response cache and
 * the roles map over that list, so adding a module is its folder plus one line there.
 */
export interface StampedeModule {
  name: string;
  /** type-graphql resolver classes (queries, mutations, subscriptions). */
  resolvers: readonly Function[];
  /** MikroORM entity classes (schema metadata for the ORM). */
  entities?: readonly Function[];
  /** Migrations, named `NNNN-what`; all modules' lists are applied in name order. */
  migrations?: ReadonlyArray<{ name: string; class: new (...args: any[]) => unknown }>;
  /** The module's userErrors codes (`{ CODE: 'CODE' }`), merged into the GraphQL ErrorCode enum. */
  errorCodes?: Readonly<Record<string, string>>;
  /** The events of the aggregates this module owns, as they travel (every outbox row must match one). */
  events?: readonly EventSchema[];
  /**
   * Long-lived services of this module, built once per process from the infrastructure and
   * reachable as `services.modules[name]` (declare their type in graphql/context's ModuleServices).
   */
  services?: (infra: Infrastructure) => object;
  /** Read models this module's events feed (each owns its table, query and cache keys). */
  projections?: (pool: Pool, cache: Cache) => Projection[];
  /** Root query fields the shared response cache may answer, with the read models behind them. */
  cacheableFields?: (services: Services) => CacheableQuery[];
  /** Background work per process role (workers, consumers, live fan-outs). */
  roles?: Partial<Record<ProcessRole, (runtime: ModuleRuntime) => Promise<Stop>>>;
}

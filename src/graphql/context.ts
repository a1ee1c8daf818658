import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import DataLoader from 'dataloader';
import type { Config } from '../config';
import type { Clock } from '../shared/clock';
import type { WriteDeps } from '../shared/write-deps';
import type { Cache } from '../infrastructure/redis/cache';
import type { RateLimiter } from '../infrastructure/rate-limit/rate-limiter';
import type { Tokens, AuthUser } from '../modules/identity';
import { ProductQueries, type ProductRead } from '../../projections/product';
import type { AppPubSub } from './pubsub';

/** Long-lived infrastructure, built once in the composition root; what modules build their services from. */
export interface Infrastructure {
  config: Config;
  orm: MikroORM;
  /** For queries (autocommit reads); writes go through `write.transactions`. */
  pool: Pool;
  /** What every command handler writes with: transactions, clock, outbox, idempotency. */
  write: WriteDeps;
  cache: Cache;
  clock: Clock;
  log: Logger;
  /** The API's authentication: every HTTP request and graphql-ws connection is checked with it. */
  tokens: Tokens;
  /** In-process PubSub for subscriptions; fed across instances by the NATS fan-out. */
  pubSub: AppPubSub;
  rateLimiter: RateLimiter;
}

/**
 * Per-process services a module builds for itself from the infrastructure (its StampedeModule's
 * `services`), under the module's name. Each module adds its entry where it defines it:
 * `declare module '../../graphql/context' { interface ModuleServices { coupons: CouponServices } }`.
 */
export interface ModuleServices {}

export interface Services extends Infrastructure {
  modules: ModuleServices;
}

/** Per-request state: a fresh unit of work, fresh loaders, the caller. */
export interface AppContext {
  requestId: string;
  user: AuthUser | null;
  /** A token was sent but is invalid: protected fields answer UNAUTHENTICATED. */
  badToken: boolean;
  /** The client's address (see clientIp), for per-IP rate limits. */
  ip: string;
  services: Services;
  loaders: Loaders;
  log: Logger;
}

export interface Loaders {
  product: DataLoader<string, ProductRead | null>;
}

/** Per-request loaders shared by several modules' resolvers (a Product inside an order line, a ranking, …). */
export function createLoaders(services: Services): Loaders {
  const products = new ProductQueries(services.pool, services.cache);
  return {
    product: new DataLoader(async (ids) => {
      const rows = await products.byIdsFromDb(ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

/**
 * The loaders and the request's logger are made on first use: most requests (cached reads,
 * the hot write paths) never touch them, and a pino child for each was measurable CPU.
 */
export function createContext(services: Services, requestId: string, user: AuthUser | null | undefined, ip = 'unknown'): AppContext {
  let loaders: Loaders | undefined;
  let log: Logger | undefined;
  return {
    requestId,
    user: user ?? null,
    badToken: user === null,
    ip,
    services,
    get loaders() {
      return (loaders ??= createLoaders(services));
    },
    get log() {
      return (log ??= services.log.child({ requestId }));
    },
  };
}

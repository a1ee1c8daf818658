import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import DataLoader from 'dataloader';
import type { Config } from '../config';
import type { Clock } from '../shared/clock';
import type { WriteDeps } from '../shared/write-deps';
import type { Cache } from '../infrastructure/redis/cache';
import type { RateLimiter } from '../infrastructure/rate-limit/rate-limiter';
import type { Tokens, AuthUser } from '../modules/identity/auth/tokens';
import type { ProductQueries } from '../../projections/product/product.query';
import type { PopularQueries } from '../../projections/popular/popular.query';
import type { ProductRead } from '../../projections/product/product.read';
import type { CouponIssuer } from '../modules/coupons/issue/coupon-issuer';
import type { CouponQueries } from '../modules/coupons/queries/coupon.queries';
import type { AppPubSub } from './pubsub';
import type { DataPlatform } from '../modules/data-export/data-platform.client';

/** Long-lived dependencies, built once in the composition root. */
export interface Services {
  config: Config;
  orm: MikroORM;
  /** For queries (autocommit reads); writes go through `write.transactions`. */
  pool: Pool;
  /** What every command handler writes with: transactions, clock, outbox, idempotency. */
  write: WriteDeps;
  cache: Cache;
  clock: Clock;
  tokens: Tokens;
  log: Logger;
  productQueries: ProductQueries;
  popularQueries: PopularQueries;
  /** In-process PubSub for subscriptions; fed across instances by the NATS fan-out. */
  pubSub: AppPubSub;
  /** The external data platform (exports and admin resends). */
  dataPlatform: DataPlatform;
  rateLimiter: RateLimiter;
  couponIssuer: CouponIssuer;
  couponQueries: CouponQueries;
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

export function createLoaders(services: Services): Loaders {
  return {
    product: new DataLoader(async (ids) => {
      const rows = await services.productQueries.byIdsFromDb(ids);
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

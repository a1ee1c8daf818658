import type { Logger } from 'pino';
import type { Config } from './config';
import { systemClock } from './shared/clock';
import { connectNatsOrFail, connectPostgres, connectRedis } from './infrastructure/connect';
import { OutboxWaker, transactionsWakingRelay } from './infrastructure/orm/outbox-wakeup';
import { pgOutbox } from './shared/outbox';
import { pgIdempotency } from './shared/idempotency.store';
import type { WriteDeps } from './shared/write-deps';
import { identityDeps } from './modules/identity/identity.deps';
import { orderingDeps } from './modules/ordering/ordering.deps';
import { migrate } from './infrastructure/orm/migrate';
import { OutboxRelay } from './infrastructure/nats/outbox-relay';
import { RateLimiter } from './infrastructure/rate-limit/rate-limiter';
import { Tokens } from './modules/identity/auth/tokens';
import { ensureAdmin } from './modules/identity/ensure-admin';
import { buildAppSchema } from './graphql/schema';
import { startGraphQLServer } from './graphql/server';
import type { Services } from './graphql/context';
import { CouponIssuer } from './modules/coupons/issue/coupon-issuer';
import { CouponGate } from './modules/coupons/issue/coupon-gate';
import { CouponQueries } from './modules/coupons/queries/coupon.queries';
import { createAppPubSub } from './graphql/pubsub';
import { OrderStatusFanout } from './modules/ordering/live-status/order-status-fanout';
import { HttpDataPlatform } from './modules/data-export/data-platform.client';
import { DataPlatformExporter } from './modules/data-export/data-platform-exporter';
import { OrderExpiryWorker } from './modules/ordering/expiry/order-expiry.worker';
import { ProductQueries } from '../projections/product/product.query';
import { PopularQueries } from '../projections/popular/popular.query';
import { createProjections } from '../projections/registry';
import { ProjectionRunner } from '../projections/runner';

export interface RunningApp {
  port?: number;
  services: Services;
  /** Graceful: stop taking requests, finish in-flight ones, stop consumers after their acks, close connections. */
  stop(): Promise<void>;
}

/** Wires the roles this process runs. Every role is safe to run in many processes at once. */
export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const { pool, orm } = await connectPostgres(config.databaseUrl, config.databasePoolMax);
  const applied = await migrate(orm, config.databaseUrl);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  // Every write's transaction announces its outbox rows after commit (outbox-wakeup.ts).
  const outboxWaker = new OutboxWaker(config.databaseUrl);
  const write: WriteDeps = { transactions: transactionsWakingRelay(pool, outboxWaker), clock: systemClock, outbox: pgOutbox, idempotency: pgIdempotency };
  const cache = await connectRedis(config.redisUrl, log);
  const nats = await connectNatsOrFail(config.natsUrl, config.natsStream, `stampede-${config.roles.join('+')}-${process.pid}`);

  const services: Services = {
    config, orm, pool, write, cache, log, clock: systemClock,
    tokens: new Tokens(config.jwtSecret, config.jwtTtlSeconds),
    productQueries: new ProductQueries(pool, cache),
    popularQueries: new PopularQueries(pool, cache),
    pubSub: createAppPubSub(),
    dataPlatform: new HttpDataPlatform(config.dataPlatformUrl, config.dataPlatformTimeoutMs),
    rateLimiter: new RateLimiter(cache.redis, config.rateLimits, log),
    couponIssuer: new CouponIssuer(pool, write, config.couponGate === 'redis' ? new CouponGate(cache.redis) : null, log.child({ module: 'coupons' })),
    couponQueries: new CouponQueries(pool),
  };
  const stoppers: Array<() => Promise<unknown>> = [];
  let port: number | undefined;

  if (config.roles.includes('api')) {
    await ensureAdmin(identityDeps(write), config.adminEmail, config.adminPassword);
    // Live order status: listening on NATS before the port opens, so no subscriber misses a change.
    const fanout = new OrderStatusFanout(nats, services.pubSub, log.child({ role: 'api', component: 'order-status-fanout' }));
    await fanout.start();
    const schema = await buildAppSchema({ pubSub: services.pubSub });
    const graphql = await startGraphQLServer(schema, services, {
      postgres: () => pool.query('select 1'),
      redis: () => cache.redis.ping(),
      nats: async () => {
        if (nats.nc.isClosed()) throw new Error('closed');
        await nats.nc.flush();
      },
    }, config.port);
    port = (graphql.server.address() as { port: number }).port;
    stoppers.push(() => graphql.stop(), () => fanout.stop());
  }
  if (config.roles.includes('relay')) {
    const relay = new OutboxRelay(pool, nats, config.databaseUrl, log.child({ role: 'relay' }));
    await relay.start();
    stoppers.push(() => relay.stop());
  }
  if (config.roles.includes('projector')) {
    for (const projection of createProjections(pool, cache)) {
      const runner = new ProjectionRunner(projection, pool, nats, log.child({ role: 'projector', projection: projection.name }));
      await runner.start();
      stoppers.push(() => runner.stop());
    }
  }
  if (config.roles.includes('worker')) {
    const expiry = new OrderExpiryWorker(orderingDeps(write), log.child({ role: 'worker', component: 'order-expiry' }));
    expiry.start();
    stoppers.push(() => expiry.stop());
    const exporter = new DataPlatformExporter(nats, pool, services.dataPlatform, {
      maxAttempts: config.dataPlatformMaxAttempts, retryBaseMs: config.dataPlatformRetryBaseMs,
    }, write.clock, log.child({ role: 'worker', component: 'data-platform-export' }));
    await exporter.start();
    stoppers.push(() => exporter.stop());
  }

  return {
    port,
    services,
    async stop() {
      for (const stop of stoppers) await stop().catch((err) => log.error({ err }, 'error while stopping'));
      await nats.nc.drain().catch(() => undefined);
      await orm.close();
      await pool.end();
      await outboxWaker.close();
      await cache.close();
    },
  };
}

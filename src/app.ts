import type { Logger } from 'pino';
import type { Config } from './config';
import { systemClock } from './shared/clock';
import { connectNatsOrFail, connectPostgres, connectRedis } from './infrastructure/connect';
import { OutboxWaker, transactionsWakingRelay } from './infrastructure/orm/outbox-wakeup';
import { pgOutbox } from './shared/outbox';
import { pgIdempotency } from './shared/idempotency.store';
import type { WriteDeps } from './shared/write-deps';
import { migrate } from './infrastructure/orm/migrate';
import { OutboxRelay } from './infrastructure/nats/outbox-relay';
import { RateLimiter } from './infrastructure/rate-limit/rate-limiter';
import { Tokens } from './modules/identity';
import { modules } from './modules';
import type { ModuleRuntime, ProcessRole, Stop } from './modules/module';
import { buildAppSchema } from './graphql/schema';
import { startGraphQLServer } from './graphql/server';
import { degradable } from './infrastructure/http/health';
import type { Infrastructure, ModuleServices, Services } from './graphql/context';
import { createAppPubSub } from './graphql/pubsub';
import { createProjections } from '../projections/registry';
import { ProjectionRunner } from '../projections/runner';

export interface RunningApp {
  port?: number;
  services: Services;
  /** Graceful: stop taking requests, finish in-flight ones, stop consumers after their acks, close connections. */
  stop(): Promise<void>;
}

/** The infrastructure and, under each module's name, the services that module builds from it. */
export function buildServices(infra: Infrastructure): Services {
  const built = modules.filter((m) => m.services).map((m) => [m.name, m.services!(infra)] as const);
  return { ...infra, modules: Object.fromEntries(built) as unknown as ModuleServices };
}

/** Starts every module's part of `role`, in module order; their stops, in the same order. */
async function startRole(role: ProcessRole, runtime: ModuleRuntime): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (const m of modules) {
    const start = m.roles?.[role];
    if (start) stops.push(await start(runtime));
  }
  return stops;
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

  const services = buildServices({
    config, orm, pool, write, cache, log, clock: systemClock,
    tokens: new Tokens(config.jwtSecret, config.jwtTtlSeconds),
    pubSub: createAppPubSub(),
    rateLimiter: new RateLimiter(cache.redis, config.rateLimits, log),
  });
  const runtime: ModuleRuntime = { services, nats, log };
  const stoppers: Array<() => Promise<unknown>> = [];
  let port: number | undefined;

  if (config.roles.includes('api')) {
    // The modules' API parts (admin account, live fan-out) are up before the port opens.
    const moduleStops = await startRole('api', runtime);
    const schema = await buildAppSchema({ pubSub: services.pubSub });
    const graphql = await startGraphQLServer(schema, services, {
      postgres: () => pool.query('select 1'),
      redis: degradable(() => cache.redis.ping(), 'unreachable: reads answer from Postgres, rate limits count in process memory, waiting rooms refuse new entries (GATE_UNAVAILABLE)'),
      nats: async () => {
        if (nats.nc.isClosed()) throw new Error('closed');
        await nats.nc.flush();
      },
    }, config.port);
    port = (graphql.server.address() as { port: number }).port;
    stoppers.push(() => graphql.stop(), ...moduleStops);
  }
  if (config.roles.includes('relay')) {
    const relay = new OutboxRelay(pool, nats, config.databaseUrl, log.child({ role: 'relay' }));
    await relay.start();
    stoppers.push(() => relay.stop(), ...(await startRole('relay', runtime)));
  }
  if (config.roles.includes('projector')) {
    for (const projection of createProjections(pool, cache)) {
      const runner = new ProjectionRunner(projection, pool, nats, log.child({ role: 'projector', projection: projection.name }));
      await runner.start();
      stoppers.push(() => runner.stop());
    }
    stoppers.push(...(await startRole('projector', runtime)));
  }
  if (config.roles.includes('worker')) stoppers.push(...(await startRole('worker', runtime)));

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

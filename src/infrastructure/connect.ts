import { Pool } from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { ormConfig } from './orm/orm.config';
import { Cache } from './redis/cache';
import { connectNats, type Nats } from './nats/nats';

/** A dependency that cannot be reached at boot: one line naming it, no stack trace. */
export class StartupError extends Error {}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function reach<T>(what: string, url: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    throw new StartupError(`Cannot reach ${what} at ${redact(url)}: ${(err as Error).message || (err as Error).name}`);
  }
}

export async function connectPostgres(databaseUrl: string, poolMax: number) {
  // pipeline: a transaction's statements issued together go without waiting for each answer
  // (one round trip, parameters bound); see shared/tx.ts.
  const pool = new Pool({ connectionString: databaseUrl, max: poolMax, connectionTimeoutMillis: 5_000, pipeline: true });
  pool.on('error', () => undefined); // idle client lost: the pool replaces it
  // A client checked out by a transaction has no listener of pg-pool's; when Postgres goes away
  // pg emits 'error' on it, and an unhandled 'error' event killed the whole process (found by
  // the Postgres-restart fault test). Its query in progress fails by itself, and the pool drops
  // the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  await reach('Postgres', databaseUrl, () => pool.query('select 1'));
  const orm = await reach('Postgres', databaseUrl, () => MikroORM.init(ormConfig(databaseUrl, poolMax)));
  return { pool, orm };
}

export async function connectRedis(redisUrl: string, log: Logger): Promise<Cache> {
  const cache = Cache.connect(redisUrl, log);
  await new Promise<void>((resolve) => {
    cache.redis.once('ready', resolve);
    setTimeout(resolve, 1_000).unref();
  });
  // Redis is a cache: being down at boot is survivable, but say so plainly.
  await cache.redis.ping().catch((err: Error) => log.warn(`Cannot reach Redis at ${redact(redisUrl)} (${err.message}); serving from Postgres until it answers`));
  return cache;
}

export function connectNatsOrFail(natsUrl: string, stream: string, name: string): Promise<Nats> {
  return reach('NATS', natsUrl, () => connectNats(natsUrl, stream, name));
}

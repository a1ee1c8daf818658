import { Pool, type PoolClient } from 'pg';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrate } from '../../src/infrastructure/orm/migrate';
import { migrationsList } from '../../src/infrastructure/orm/migrations';
import { createLogger } from '../../src/infrastructure/logger';
import { Cache } from '../../src/infrastructure/redis/cache';

/**
 * Support for "one response, one snapshot" racing tests: a migrated database, a Redis cache,
 * and a loop that keeps one writer committing while readers check that every answer agrees
 * with itself. Connects on its own (not through startApp, and with a MikroORM that knows only
 * the migrations) so only the queries under test run, and nothing else needs to load.
 */
export interface RaceDb {
  pool: Pool;
  cache: Cache;
  close(): Promise<void>;
}

export async function raceDatabase(poolMax = 20): Promise<RaceDb> {
  const databaseUrl = process.env.DATABASE_URL!;
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver, clientUrl: databaseUrl, entities: [], extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, silent: true },
    discovery: { warnWhenNoEntities: false }, pool: { min: 0, max: 2 },
  });
  await migrate(orm, databaseUrl);
  await orm.close();
  const pool = new Pool({ connectionString: databaseUrl, max: poolMax });
  const cache = Cache.connect(process.env.REDIS_URL!, createLogger(process.env.LOG_LEVEL ?? 'warn'));
  await cache.redis.ping();
  return {
    pool,
    cache,
    async close() {
      await cache.close();
      await pool.end();
    },
  };
}

/** Runs `work` on one client between BEGIN and COMMIT: one atomic commit, as a projector or handler makes. */
export async function committed(pool: Pool, work: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await work(client);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export interface RaceResult {
  reads: number;
  writes: number;
  /** Writes committed while at least one read was in flight. */
  writesDuringReads: number;
  contradictions: string[];
}

/**
 * For `ms` milliseconds: one writer loop calls `write` back to back, `readers` loops call `read`.
 * `read` returns a description of what contradicted itself, or null for a consistent answer.
 */
export async function race(opts: {
  ms: number;
  readers: number;
  write: () => Promise<void>;
  read: () => Promise<string | null>;
}): Promise<RaceResult> {
  const deadline = Date.now() + opts.ms;
  const result: RaceResult = { reads: 0, writes: 0, writesDuringReads: 0, contradictions: [] };
  let inFlight = 0;
  const writer = (async () => {
    while (Date.now() < deadline) {
      await opts.write();
      result.writes++;
      if (inFlight > 0) result.writesDuringReads++;
    }
  })();
  const readers = Array.from({ length: opts.readers }, async () => {
    while (Date.now() < deadline) {
      inFlight++;
      try {
        const problem = await opts.read();
        result.reads++;
        if (problem) result.contradictions.push(problem);
      } finally {
        inFlight--;
      }
    }
  });
  await Promise.all([writer, ...readers]);
  return result;
}

/** One line for the test log: the numbers the issue asks to see. */
export function report(name: string, r: RaceResult): void {
  // eslint-disable-next-line no-console
  console.log(`${name}: ${r.reads} reads, ${r.writes} writes (${r.writesDuringReads} during reads), ${r.contradictions.length} contradictions`
    + (r.contradictions.length ? `; first: ${r.contradictions[0]}` : ''));
}

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
  await new Promise<void>((resolve, reject) => {
    cache.redis.once('ready', () => resolve());
    setTimeout(() => reject(new Error('Redis not ready after 2 s')), 2_000).unref();
  });
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
 * One writer loop calls `write` back to back while `readers` loops call `read`; `read` returns a
 * description of what contradicted itself, or null for a consistent answer. Runs for at least
 * `ms`, then on until there were `minReads` reads and `minWrites` writes during reads (a loaded
 * machine is slower), but never past `maxMs`: the caller asserts the counts it needs.
 */
export async function race(opts: {
  ms: number;
  readers: number;
  write: () => Promise<void>;
  read: () => Promise<string | null>;
  minReads?: number;
  minWrites?: number;
  maxMs?: number;
}): Promise<RaceResult> {
  const start = Date.now();
  const { minReads = 0, minWrites = 0, maxMs = opts.ms * 5 } = opts;
  const result: RaceResult = { reads: 0, writes: 0, writesDuringReads: 0, contradictions: [] };
  const going = () => {
    const elapsed = Date.now() - start;
    return elapsed < opts.ms || (elapsed < maxMs && (result.reads < minReads || result.writesDuringReads < minWrites));
  };
  let inFlight = 0;
  const writer = (async () => {
    while (going()) {
      await opts.write();
      result.writes++;
      if (inFlight > 0) result.writesDuringReads++;
    }
  })();
  const readers = Array.from({ length: opts.readers }, async () => {
    while (going()) {
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

import 'reflect-metadata';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/infrastructure/logger';
import { connectNatsOrFail, connectRedis } from '../src/infrastructure/connect';
import type { Nats } from '../src/infrastructure/nats/nats';
import type { Cache } from '../src/infrastructure/redis/cache';
import { PgTransactions } from '../src/shared/tx';
import { createProjections } from '../projections/registry';
import { ProjectionRunner, ensureConsumer } from '../projections/runner';

/**
 * Rebuilds one read table from the stream: empty it, replace its durable consumer with a new one
 * that starts at the first event, and replay until nothing is pending. Projectors running
 * elsewhere pick the new consumer up; every projection is idempotent, so sharing the replay is safe.
 */
export async function rebuildProjection(name: string, deps: { pool: Pool; nats: Nats; cache: Cache; log: Logger }): Promise<number> {
  const projection = createProjections(deps.pool, deps.cache).find((p) => p.name === name);
  if (!projection) {
    const known = createProjections(deps.pool, deps.cache).map((p) => p.name).join(', ');
    throw new Error(`No projection named "${name}" (known: ${known})`);
  }
  // Empty the table first, then replace the consumer. The other way round, a running projector
  // could re-create the consumer and apply (and ack) early events before the truncate, and those
  // rows would be lost for good. In this order anything applied meanwhile is replayed anyway.
  await new PgTransactions(deps.pool).withTransaction(async (tx) => {
    await projection.reset(tx);
    await tx.query('delete from processed_events where projection = $1', [projection.name]);
  });
  await deps.nats.jsm.consumers.delete(deps.nats.stream, projection.name).catch(() => undefined);
  await ensureConsumer(deps.nats, projection);
  const runner = new ProjectionRunner(projection, deps.pool, deps.nats, deps.log);
  await runner.start();
  const { messages } = await deps.nats.jsm.streams.info(deps.nats.stream).then((i) => ({ messages: i.state.messages }));
  for (;;) {
    const info = await deps.nats.jsm.consumers.info(deps.nats.stream, projection.name);
    if (info.num_pending === 0 && info.num_ack_pending === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await runner.stop();
  await projection.resetCache?.();
  return messages;
}

async function main() {
  const name = process.argv[2];
  if (!name) throw new Error('usage: npm run projections:rebuild -- <projection name>');
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const pool = new Pool({ connectionString: config.databaseUrl, max: 5 });
  const cache = await connectRedis(config.redisUrl, log);
  const nats = await connectNatsOrFail(config.natsUrl, config.natsStream, 'stampede-rebuild');
  try {
    const replayed = await rebuildProjection(name, { pool, nats, cache, log });
    console.log(`rebuilt ${name} from ${replayed} events in stream ${config.natsStream}`);
  } finally {
    await nats.nc.drain();
    await pool.end();
    await cache.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`rebuild failed: ${err.message}`);
    process.exit(1);
  });
}

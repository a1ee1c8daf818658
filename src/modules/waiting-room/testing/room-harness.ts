import { Pool } from 'pg';
import type Redis from 'ioredis';
import pino from 'pino';
import { connectPostgres } from '../../../infrastructure/connect';
import { migrate } from '../../../infrastructure/orm/migrate';
import { EventSchemas } from '../../../shared/event-schema';
import type { Clock } from '../../../shared/clock';
import { systemClock } from '../../../shared/clock';
import { newId } from '../../../shared/ids';
import { pgIdempotency } from '../../../shared/idempotency.store';
import { pgOutbox } from '../../../shared/outbox';
import { PgTransactions } from '../../../shared/tx';
import { createGate } from '../commands/create-gate/create-gate.handler';
import type { CreateGateInput } from '../commands/create-gate/create-gate.input';
import { waitingRoomEventSchemas } from '../events';
import { WAITING_ROOM_SQL } from '../migrations/0100-waiting-room';
import type { WaitingRoom } from '../waiting-room';
import { connectQueueRedis, createWaitingRoom, poolReads } from '../waiting-room.runtime';

/**
 * Test support for the waiting room's int/e2e specs and child processes: this run's Postgres
 * (central migrations + ours, applied idempotently, so it works before the module is
 * registered), its Redis db, and rooms with their own connections (as separate processes have).
 */
export const TEST_QUEUE_SECRET = 'waiting-room-test-token-secret-0123456789';

export class TestClock implements Clock {
  constructor(public ms = Date.now()) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

let prepared: Promise<void> | undefined;

/** The core tables (outbox, …) by the app's own migrator, then ours (`if not exists`: a no-op once registered). */
export function prepareDatabase(url = process.env.DATABASE_URL!): Promise<void> {
  return (prepared ??= (async () => {
    const { pool, orm } = await connectPostgres(url, 2);
    try {
      await migrate(orm, url);
      await pool.query(WAITING_ROOM_SQL);
    } finally {
      await orm.close();
      await pool.end();
    }
  })());
}

export interface RoomHandle {
  room: WaitingRoom;
  redis: Redis;
  pool: Pool;
  /** Connections checked out of this room's pool so far (any SQL at all counts). */
  sqlUses(): number;
  close(): Promise<void>;
}

export async function openRoom(options: { clock?: Clock; redisUrl?: string; poolMax?: number } = {}): Promise<RoomHandle> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: options.poolMax ?? 6, pipeline: true } as ConstructorParameters<typeof Pool>[0]);
  pool.on('error', () => undefined);
  let uses = 0;
  pool.on('acquire', () => void uses++);
  const redis = connectQueueRedis(options.redisUrl ?? process.env.REDIS_URL!);
  const clock = options.clock ?? systemClock;
  const room = createWaitingRoom({
    redis,
    write: { transactions: new PgTransactions(pool), clock, outbox: pgOutbox, idempotency: pgIdempotency },
    reads: poolReads(pool),
    log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
    tokenSecret: TEST_QUEUE_SECRET,
  });
  await room.ready;
  return {
    room, redis, pool,
    sqlUses: () => uses,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
      await pool.end();
    },
  };
}

export type GateSettings = Partial<CreateGateInput> & Pick<CreateGateInput, 'maxActive' | 'admitPerMinute'>;

export async function makeGate(room: WaitingRoom, settings: GateSettings) {
  const view = await createGate(room, {
    productId: newId(), activeTtlSeconds: 600, heartbeatGraceSeconds: 60, fairness: 'FIFO', ...settings,
  } as CreateGateInput);
  return view.gate;
}

export const users = (n: number) => Array.from({ length: n }, () => newId());

/** Runs `work` over `items` with at most `concurrency` at once; results in item order. */
export async function pooled<T, R>(items: readonly T[], concurrency: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  }));
  return results;
}

/**
 * The event contract over the outbox rows the waiting room wrote (Gate.*, QueueTicket.*):
 * returns their problems. Until the module is in src/modules/index.ts the run's global
 * teardown would call these rows "unknown event types", so they are then deleted after being
 * checked here; once it is registered they stay for the teardown's own check.
 */
export async function checkOurOutboxRows(pool: Pool): Promise<{ rows: number; problems: string[] }> {
  const schemas = new EventSchemas(waitingRoomEventSchemas);
  const { rows } = await pool.query<{ event: unknown }>("select event from outbox where subject like 'Gate.%' or subject like 'QueueTicket.%'");
  const problems = rows.flatMap((r) => schemas.problems(r.event));
  if (!registered()) await pool.query("delete from outbox where subject like 'Gate.%' or subject like 'QueueTicket.%'");
  return { rows: rows.length, problems };
}

function registered(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { modules } = require('../../index') as { modules: ReadonlyArray<{ name: string }> };
    return modules.some((m) => m.name === 'waiting-room');
  } catch {
    return false;
  }
}

import Redis from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { Infrastructure, Services } from '../../graphql/context';
import type { Tx } from '../../shared/tx';
import type { WriteDeps } from '../../shared/write-deps';
import { JournalWriter } from './journal-writer';
import { LiveQueue } from './live/live-queue';
import { TicketWatch } from './live/ticket-watch';
import type { QueueAdmission } from './queue-admission';
import { QueueTokens, deriveQueueTokenSecret } from './queue-token';
import { pgGates } from './stores/gate.store';
import { pgTickets } from './stores/ticket.store';
import { WaitingRoom } from './waiting-room';

/**
 * The queue's own Redis connection. Unlike the cache it is the live truth, so its scripts get
 * a longer timeout (a 10,000-ticket rebuild chunk takes tens of ms); like the cache it has no
 * offline queue: with Redis away a call fails at once and the caller answers GATE_UNAVAILABLE.
 */
export function connectQueueRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    connectTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    enableAutoPipelining: true,
  });
  redis.on('error', () => undefined); // reported per call; reconnects on its own
  return redis;
}

/** Autocommit reads on the pool, in the shape the stores take. */
export const poolReads = (pool: Pool): Tx => ({ query: async (text, params) => (await pool.query(text, params as unknown[])).rows });

/** Resolves when Redis is connected, or after a second (calls then fail fast as GATE_UNAVAILABLE). */
function connected(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1_000);
    timer.unref();
    redis.once('ready', () => (clearTimeout(timer), resolve()));
  });
}

export interface WaitingRoomParts {
  redis: Redis;
  write: WriteDeps;
  reads: Tx;
  log: Logger;
  /** HMAC key of queue tokens (≥ 32 bytes), shared by every process of the deployment. */
  tokenSecret: string | Buffer;
}

export function createWaitingRoom(parts: WaitingRoomParts): WaitingRoom {
  const live = new LiveQueue(parts.redis);
  return new WaitingRoom({
    ...parts.write,
    gates: pgGates,
    tickets: pgTickets,
    live,
    journal: new JournalWriter(parts.write.transactions, parts.write.outbox, pgTickets, live),
    tokens: new QueueTokens(parts.tokenSecret),
    reads: parts.reads,
    log: parts.log,
  }, connected(parts.redis));
}

/** WAITING_ROOM_TOKEN_SECRET when the config has it, else a key derived from JWT_SECRET (see deriveQueueTokenSecret). */
export function queueTokenSecret(config: Config): string | Buffer {
  return (config as Config & { waitingRoomTokenSecret?: string }).waitingRoomTokenSecret || deriveQueueTokenSecret(config.jwtSecret);
}

/**
 * What the waiting room keeps per process (`services.modules['waiting-room']`). The room and
 * its Redis connection are made on first use (a role starting, or a resolver), so a process
 * that never touches the waiting room opens nothing; roles retain it and the last one to stop
 * closes it.
 */
export interface WaitingRoomServices {
  readonly room: WaitingRoom;
  readonly watch: TicketWatch;
  retain(): void;
  release(): Promise<void>;
}

declare module '../../graphql/context' {
  interface ModuleServices {
    'waiting-room': WaitingRoomServices;
  }
}

/** The module's `services`: one waiting room per process, from the infrastructure. */
export function waitingRoomServices(infra: Infrastructure): WaitingRoomServices {
  return servicesAround(() => createWaitingRoom({
    redis: connectQueueRedis(infra.config.redisUrl),
    write: infra.write,
    reads: poolReads(infra.pool),
    log: infra.log.child({ module: 'waiting-room' }),
    tokenSecret: queueTokenSecret(infra.config),
  }));
}

/** The same around a room made elsewhere (tests, other wiring); releasing closes its Redis connection. */
export function servicesAround(make: () => WaitingRoom): WaitingRoomServices {
  let built: { room: WaitingRoom; watch: TicketWatch } | undefined;
  let users = 0;
  const build = () => {
    if (!built) {
      const room = make();
      built = { room, watch: new TicketWatch(room, room.deps.live.redis, room.deps.log) };
    }
    return built;
  };
  return {
    get room() {
      return build().room;
    },
    get watch() {
      return build().watch;
    },
    retain: () => void users++,
    async release() {
      users = Math.max(0, users - 1);
      if (users > 0 || !built) return;
      const { room, watch } = built;
      built = undefined;
      await watch.stop();
      await room.deps.live.redis.quit().catch(() => room.deps.live.redis.disconnect());
    },
  };
}

export const waitingRoomOf = (services: Pick<Services, 'modules'>): WaitingRoom => services.modules['waiting-room'].room;

/**
 * The port ticketing and ordering call: this process's waiting room, looked up per call, so
 * holding the port opens nothing until a gated resource is asked about.
 */
export const createQueueAdmission = (services: Pick<Services, 'modules'>): QueueAdmission => ({
  gateOf: (resource) => waitingRoomOf(services).gateOf(resource),
  check: (token, userId, gateId) => waitingRoomOf(services).check(token, userId, gateId),
  extend: (token, until) => waitingRoomOf(services).extend(token, until),
  complete: (token) => waitingRoomOf(services).complete(token),
});

/** The waiting room of an app's services, or null where the module is not wired (a bare test schema). */
export const queueAdmissionIn = (services: Partial<Pick<Services, 'modules'>>): QueueAdmission | null =>
  services.modules?.['waiting-room'] ? createQueueAdmission(services as Pick<Services, 'modules'>) : null;

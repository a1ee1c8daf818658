import Redis from 'ioredis';
import type { Logger } from 'pino';
import { cacheRequests } from '../http/metrics';

/**
 * Redis only ever caches read models: every failure here is a miss, and the caller reads
 * Postgres at once. No offline queue and a short command timeout keep a dead Redis from
 * adding latency.
 */
export class Cache {
  private warnedAt = 0;

  constructor(readonly redis: Redis, private readonly log: Logger) {}

  static connect(url: string, log: Logger): Cache {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 150,
      connectTimeout: 1000,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      // Commands issued in the same tick by concurrent requests (rate-limit hits, cache reads)
      // go out in one socket write: on this kind of machine each write costs more CPU than the command.
      enableAutoPipelining: true,
    });
    redis.on('error', () => undefined); // reported per command below; reconnects on its own
    return new Cache(redis, log);
  }

  async get<T>(name: string, key: string): Promise<T | undefined> {
    try {
      const raw = await this.redis.get(key);
      cacheRequests.inc({ cache: name, result: raw === null ? 'miss' : 'hit' });
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch (err) {
      this.failed(name, err);
      return undefined;
    }
  }

  async set(name: string, key: string, value: unknown, ttlSeconds: number): Promise<void> {
    try {
      await this.redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
    } catch (err) {
      this.failed(name, err);
    }
  }

  /** Runs a Redis call for its effect; a failure is logged and ignored (the TTL heals it). */
  async attempt<T>(name: string, call: (redis: Redis) => Promise<T>): Promise<T | undefined> {
    try {
      return await call(this.redis);
    } catch (err) {
      this.failed(name, err);
      return undefined;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private failed(name: string, err: unknown): void {
    cacheRequests.inc({ cache: name, result: 'error' });
    const now = Date.now();
    if (now - this.warnedAt > 5000) {
      this.warnedAt = now;
      this.log.warn({ cache: name, err: (err as Error).message }, 'redis unavailable, serving from Postgres');
    }
  }
}

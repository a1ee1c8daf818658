import type { Cache } from '../infrastructure/redis/cache';

/**
 * Reads the generation keys with one MGET shared by every request waiting at the moment. A read
 * always starts after the caller asked (a caller arriving during a round trip waits for the
 * next one), so a bump that completed before a request arrived is always seen by it.
 */
export class Generations {
  private inflight?: Promise<string[] | undefined>;
  private queued?: Promise<string[] | undefined>;

  constructor(private readonly cache: Cache, private readonly keys: string[]) {}

  read(): Promise<string[] | undefined> {
    if (!this.inflight) return this.start();
    this.queued ??= this.inflight.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<string[] | undefined> {
    const read = this.fetch();
    this.inflight = read;
    void read.finally(() => {
      if (this.inflight === read) this.inflight = undefined;
    });
    return read;
  }

  private async fetch(): Promise<string[] | undefined> {
    if (this.keys.length === 0) return [];
    try {
      const values = await this.cache.redis.mget(...this.keys);
      const missing = this.keys.filter((_k, i) => values[i] === null);
      if (missing.length === 0) return values as string[];
      // A key that does not exist yet (fresh or restarted Redis) starts at a number no earlier
      // life of it reached, so tags from before cannot match again. Not cacheable this time.
      const start = String(Date.now() * 1000);
      await Promise.all(missing.map((key) => this.cache.redis.set(key, start, 'NX')));
      return undefined;
    } catch {
      return undefined;
    }
  }
}

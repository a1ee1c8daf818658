import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { RateLimitConfig } from '../../config';
import { rateLimitDecisions } from '../http/metrics';

/** Who is asking: a user id (or the email signIn tries) and the client's IP. Either may be unknown. */
export interface RateSubject {
  user?: string | null;
  ip?: string | null;
}

export type RateDecision = { allowed: true } | { allowed: false; scope: 'user' | 'ip'; retryAfterMs: number };

interface Counter {
  key: string;
  scope: 'user' | 'ip';
  limit: number;
}

/**
 * Fixed windows: one atomic script INCRements every counter of the request and starts its
 * window (PEXPIRE) on the first hit, so many API processes share one count. One round trip.
 */
const HIT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  out[#out + 1] = n
  out[#out + 1] = ttl
end
return out`;

/**
 * Per-user and per-IP request limits per action, counted in Redis. When Redis fails or is slower
 * than its command timeout, the same limits are counted in this process's memory instead: an
 * outage neither lets a flood through nor blocks everyone (the effective limit becomes N × the
 * number of API processes until Redis answers again).
 */
export class RateLimiter {
  private readonly memory = new Map<string, { count: number; resetAt: number }>();
  private prunedAt = 0;
  private warnedAt = 0;

  constructor(
    private readonly redis: Redis | null,
    private readonly limits: RateLimitConfig,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(action: string, subject: RateSubject): Promise<RateDecision> {
    const counters: Counter[] = [];
    if (subject.user) counters.push({ key: `rl:v1:${action}:user:${subject.user}`, scope: 'user', limit: this.limits.perUser });
    if (subject.ip) counters.push({ key: `rl:v1:${action}:ip:${subject.ip}`, scope: 'ip', limit: this.limits.perIp });
    if (counters.length === 0) return { allowed: true };

    let counts: Array<{ n: number; ttl: number }>;
    let backend: 'redis' | 'memory' = 'redis';
    try {
      if (!this.redis) throw new Error('no redis');
      const raw = (await this.redis.eval(HIT, counters.length, ...counters.map((c) => c.key), this.limits.windowMs)) as number[];
      counts = counters.map((_, i) => ({ n: raw[2 * i], ttl: raw[2 * i + 1] }));
    } catch (err) {
      backend = 'memory';
      this.warn(err);
      counts = counters.map((c) => this.hitMemory(c.key));
    }
    const over = counters.findIndex((c, i) => counts[i].n > c.limit);
    const decision: RateDecision = over < 0
      ? { allowed: true }
      : { allowed: false, scope: counters[over].scope, retryAfterMs: Math.max(1, counts[over].ttl) };
    rateLimitDecisions.inc({ action, outcome: decision.allowed ? 'allowed' : 'limited', backend });
    return decision;
  }

  private hitMemory(key: string): { n: number; ttl: number } {
    const now = this.now();
    if (now - this.prunedAt > this.limits.windowMs) {
      this.prunedAt = now;
      for (const [k, v] of this.memory) if (v.resetAt <= now) this.memory.delete(k);
    }
    let entry = this.memory.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + this.limits.windowMs };
      this.memory.set(key, entry);
    }
    entry.count += 1;
    return { n: entry.count, ttl: entry.resetAt - now };
  }

  private warn(err: unknown): void {
    const now = this.now();
    if (now - this.warnedAt < 5_000) return;
    this.warnedAt = now;
    this.log.warn({ err: (err as Error).message }, 'rate limiter cannot reach Redis, counting in process memory');
  }
}

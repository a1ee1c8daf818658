import pino from 'pino';
import type Redis from 'ioredis';
import { RateLimiter } from './rate-limiter';

const log = pino({ level: 'silent' });
const limits = { windowMs: 1_000, perUser: 3, perIp: 5 };

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}
const deadRedis = { eval: () => Promise.reject(new Error('Connection is closed.')) } as unknown as Redis;

async function hits(limiter: RateLimiter, n: number, action: string, subject: { user?: string; ip?: string }) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await limiter.hit(action, subject));
  return out;
}

describe('RateLimiter without Redis (per-process memory)', () => {
  it.each([['no Redis configured', null], ['Redis failing', deadRedis]])('%s: counts per user and refuses over the limit', async (_what, redis) => {
    const limiter = new RateLimiter(redis, limits, log, clock().now);
    const results = await hits(limiter, 4, 'signIn', { user: 'u1', ip: '10.0.0.1' });
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ allowed: false, scope: 'user', retryAfterMs: 1_000 });
  });

  it('limits per IP across users', async () => {
    const limiter = new RateLimiter(null, limits, log, clock().now);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await limiter.hit('signIn', { user: `u${i}`, ip: '10.0.0.1' }));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
    expect(results[5]).toMatchObject({ scope: 'ip' });
    expect((await limiter.hit('signIn', { user: 'u9', ip: '10.0.0.2' })).allowed).toBe(true);
  });

  it('counts each action separately', async () => {
    const limiter = new RateLimiter(null, limits, log, clock().now);
    await hits(limiter, 3, 'signIn', { user: 'u1' });
    expect((await limiter.hit('signIn', { user: 'u1' })).allowed).toBe(false);
    expect((await limiter.hit('placeOrder', { user: 'u1' })).allowed).toBe(true);
  });

  it('opens again when the window ends, and says when', async () => {
    const time = clock();
    const limiter = new RateLimiter(null, limits, log, time.now);
    await hits(limiter, 3, 'signIn', { user: 'u1' });
    time.advance(400);
    expect(await limiter.hit('signIn', { user: 'u1' })).toEqual({ allowed: false, scope: 'user', retryAfterMs: 600 });
    time.advance(600);
    expect((await limiter.hit('signIn', { user: 'u1' })).allowed).toBe(true);
  });

  it('lets a request with neither user nor IP through (nothing to count it by)', async () => {
    const limiter = new RateLimiter(null, { ...limits, perUser: 1, perIp: 1 }, log, clock().now);
    expect((await hits(limiter, 3, 'signIn', {})).every((r) => r.allowed)).toBe(true);
  });
});

describe('RateLimiter with Redis', () => {
  it('sends every counter of a request in one script call and decides from its answer', async () => {
    const calls: unknown[][] = [];
    const redis = { eval: async (...args: unknown[]) => { calls.push(args); return [4, 250, 1, 1000]; } } as unknown as Redis;
    const limiter = new RateLimiter(redis, limits, log);
    expect(await limiter.hit('signIn', { user: 'u1', ip: '10.0.0.1' })).toEqual({ allowed: false, scope: 'user', retryAfterMs: 250 });
    expect(calls).toHaveLength(1);
    expect(calls[0].slice(1)).toEqual([2, 'rl:v1:signIn:user:u1', 'rl:v1:signIn:ip:10.0.0.1', 1_000]);
  });
});

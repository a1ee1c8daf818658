import Redis from 'ioredis';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { RateLimiter } from './rate-limiter';
import { Cache } from '../redis/cache';
import { startOwnRedis, type OwnService } from '../../../test/support/own-services';

const log = pino({ level: 'silent' });
const limits = { windowMs: 400, perUser: 5, perIp: 8 };

describe('RateLimiter on real Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterAll(() => redis.disconnect());

  it('two limiters (two API processes) share one count per user, racing', async () => {
    const other = redis.duplicate();
    const [a, b] = [new RateLimiter(redis, limits, log), new RateLimiter(other, limits, log)];
    const user = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit('placeOrder', { user })));
    other.disconnect();
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.filter((r) => !r.allowed).every((r) => !r.allowed && r.scope === 'user' && r.retryAfterMs > 0 && r.retryAfterMs <= 400)).toBe(true);
  });

  it('the window expires in Redis and the caller may go again', async () => {
    const limiter = new RateLimiter(redis, limits, log);
    const ip = `ip-${randomUUID()}`;
    for (let i = 0; i < 8; i++) expect((await limiter.hit('signIn', { ip })).allowed).toBe(true);
    expect((await limiter.hit('signIn', { ip })).allowed).toBe(false);
    const ttl = await redis.pttl(`rl:v1:signIn:ip:${ip}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(400);
    await new Promise((r) => setTimeout(r, ttl + 50));
    expect((await limiter.hit('signIn', { ip })).allowed).toBe(true);
  });

  describe('when Redis dies', () => {
    let own: OwnService;
    beforeAll(async () => {
      own = await startOwnRedis();
    });
    afterAll(() => own.dispose());

    it('counts in memory at once (neither open nor closed), and in Redis again when it is back', async () => {
      const cache = Cache.connect(own.url, log);
      await new Promise((r) => cache.redis.once('ready', r));
      const limiter = new RateLimiter(cache.redis, { ...limits, windowMs: 60_000 }, log);
      const user = randomUUID();
      expect((await limiter.hit('checkout', { user })).allowed).toBe(true); // counted in Redis

      await own.kill();
      const started = Date.now();
      const during = [];
      for (let i = 0; i < 6; i++) during.push(await limiter.hit('checkout', { user }));
      expect(Date.now() - started).toBeLessThan(1_000); // each call well under the 150 ms command timeout
      // Memory starts its own count: 5 allowed, the 6th refused. Not all through, not all refused.
      expect(during.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);

      await own.start();
      await new Promise((r) => (cache.redis.status === 'ready' ? r(null) : cache.redis.once('ready', r)));
      // Redis came back empty (no persistence): the count restarts there.
      expect((await limiter.hit('checkout', { user })).allowed).toBe(true);
      expect(await cache.redis.get(`rl:v1:checkout:user:${user}`)).toBe('1');
      await cache.close();
    });
  });
});

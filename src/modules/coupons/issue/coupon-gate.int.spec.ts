import Redis from 'ioredis';
import { newId } from '../../../shared/ids';
import { CouponGate } from './coupon-gate';

/** The gate's Lua scripts against a real Redis (this run's db), one campaign id per test. */
describe('CouponGate (Redis scripts)', () => {
  let redis: Redis;
  let gate: CouponGate;
  const LEASE = 1_000;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
    gate = new CouponGate(redis, LEASE);
  });
  afterAll(() => redis.disconnect());

  const endsAt = new Date(Date.now() + 3_600_000);
  async function fresh(remaining: number, holders: string[] = []) {
    const id = newId();
    expect(await gate.init(id, { remaining, userIds: holders }, endsAt)).toBe(true);
    return { id, keys: CouponGate.keys(id) };
  }
  const now = () => new Date();

  it('is MISSING until built; building twice keeps the first', async () => {
    const id = newId();
    expect(await gate.admit(id, 'u1', now())).toBe('MISSING');
    expect(await gate.init(id, { remaining: 2, userIds: ['holder'] }, endsAt)).toBe(true);
    expect(await gate.init(id, { remaining: 99, userIds: [] }, endsAt)).toBe(false);
    expect(await redis.get(CouponGate.keys(id)[0])).toBe('2');
    expect(await gate.admit(id, 'holder', now())).toBe('ALREADY');
    expect(await redis.ttl(CouponGate.keys(id)[0])).toBeGreaterThan(3_600);
  });

  it('admits while slots remain, then says FULL; a settled winner is ALREADY, one in flight INFLIGHT', async () => {
    const { id, keys } = await fresh(1);
    expect(await gate.admit(id, 'a', now())).toBe('ADMITTED');
    expect(await gate.admit(id, 'a', now())).toBe('INFLIGHT');
    expect(await gate.admit(id, 'b', now())).toBe('FULL');
    await gate.settle(id, 'a', 'ISSUED');
    expect(await gate.admit(id, 'a', now())).toBe('ALREADY');
    expect(await redis.get(keys[0])).toBe('0');
    expect(await redis.zcard(keys[2])).toBe(0);
  });

  it('gives the slot back when Postgres refuses, keeping a user who turned out to hold one', async () => {
    const { id, keys } = await fresh(1);
    expect(await gate.admit(id, 'a', now())).toBe('ADMITTED');
    await gate.settle(id, 'a', 'REFUSED');
    expect(await redis.get(keys[0])).toBe('1');
    expect(await redis.sismember(keys[1], 'a')).toBe(0);
    expect(await gate.admit(id, 'b', now())).toBe('ADMITTED');
    await gate.settle(id, 'b', 'ALREADY_ISSUED');
    expect(await redis.get(keys[0])).toBe('1');
    expect(await gate.admit(id, 'b', now())).toBe('ALREADY');
  });

  it('a settle whose admission is gone (lease reclaimed, or the admit never ran) changes no count', async () => {
    const { id, keys } = await fresh(3);
    await gate.settle(id, 'ghost', 'REFUSED');
    await gate.settle(id, 'ghost', 'ALREADY_ISSUED');
    await gate.settle(id, 'ghost', 'ISSUED'); // Postgres says they hold one: remember them, nothing more
    expect(await redis.get(keys[0])).toBe('3');
    expect(await gate.admit(id, 'ghost', now())).toBe('ALREADY');
  });

  it('reclaims an admission whose verdict never came, after the lease', async () => {
    const { id, keys } = await fresh(1);
    const start = Date.now();
    expect(await gate.admit(id, 'dead', new Date(start))).toBe('ADMITTED');
    expect(await gate.admit(id, 'b', new Date(start + LEASE / 2))).toBe('FULL');
    expect(await gate.admit(id, 'b', new Date(start + LEASE + 1))).toBe('ADMITTED');
    expect(await redis.sismember(keys[1], 'dead')).toBe(0);
  });

  it('FULL with Postgres\'s remaining repairs slots that leaked, but not those in flight', async () => {
    const { id, keys } = await fresh(2);
    expect(await gate.admit(id, 'a', now())).toBe('ADMITTED');
    expect(await gate.admit(id, 'b', now())).toBe('ADMITTED');
    // Postgres has issued none yet: both are in flight, nothing leaked.
    expect(await gate.admit(id, 'c', now(), 2)).toBe('FULL');
    // b failed in Postgres and its give-back was lost with its pending entry: Postgres still
    // has 2 free, Redis counts 0 remaining + 1 in flight, so 1 slot leaked and comes back.
    await redis.zrem(keys[2], 'b');
    expect(await gate.admit(id, 'c', now(), 2)).toBe('ADMITTED');
    expect(await redis.get(keys[0])).toBe('0');
  });

  it('once Postgres says EXHAUSTED the gate is sold out for newcomers; holders still hear ALREADY', async () => {
    const { id } = await fresh(5, ['holder']);
    expect(await gate.admit(id, 'a', now())).toBe('ADMITTED');
    await gate.settle(id, 'a', 'EXHAUSTED'); // Redis over-admitted: Postgres had none left
    expect(await gate.admit(id, 'newcomer', now())).toBe('EXHAUSTED');
    expect(await gate.admit(id, 'a', now())).toBe('EXHAUSTED');
    expect(await gate.admit(id, 'holder', now())).toBe('ALREADY');
  });
});

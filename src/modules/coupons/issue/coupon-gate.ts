import type Redis from 'ioredis';

/**
 * A Redis admission gate in front of the Postgres counter. It only ever *answers losers*
 * (EXHAUSTED when every slot is issued or being issued right now); a request it admits still
 * has to win the conditional UPDATE in Postgres, and every admission is settled afterwards
 * with Postgres's verdict. Its beliefs can only err towards admitting too many (Postgres then
 * refuses the extra ones), never towards turning away a request a free slot exists for:
 *
 * - remaining:  slots not yet admitted; DECR on admission, given back when Postgres refuses.
 * - users:      who was admitted (or holds a coupon). A hit is re-checked in Postgres.
 * - pending:    admissions awaiting Postgres's verdict, scored by time. A process that dies (or a
 *               Redis blip that eats the verdict) leaves one behind; after LEASE_MS the next
 *               attempt reclaims it, giving the slot back.
 * - soldout:    set once Postgres itself said EXHAUSTED, which is final (coupons never return
 *               to a campaign).
 *
 * Keys share a {hash tag} so the scripts stay valid on a Redis Cluster.
 */
export type GateAnswer = 'ADMITTED' | 'ALREADY' | 'EXHAUSTED' | 'MISSING';
export type GateVerdict = 'ISSUED' | 'ALREADY_ISSUED' | 'EXHAUSTED' | 'REFUSED';

export const LEASE_MS = 15_000;

const ADMIT = `
local remaining = redis.call('GET', KEYS[1])
if not remaining then return 'MISSING' end
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]), 'LIMIT', 0, 100)
for _, user in ipairs(stale) do
  redis.call('ZREM', KEYS[3], user)
  redis.call('SREM', KEYS[2], user)
  remaining = redis.call('INCR', KEYS[1])
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'ALREADY' end
if redis.call('EXISTS', KEYS[4]) == 1 or tonumber(remaining) <= 0 then return 'EXHAUSTED' end
redis.call('DECR', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
return 'ADMITTED'`;

const SETTLE = `
local pending = redis.call('ZREM', KEYS[3], ARGV[1])
local verdict = ARGV[2]
if verdict == 'ISSUED' then
  if pending == 0 then
    redis.call('SADD', KEYS[2], ARGV[1])
    redis.call('DECR', KEYS[1])
  end
  return 1
end
if verdict == 'EXHAUSTED' then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl <= 0 then ttl = tonumber(ARGV[3]) end
  redis.call('SET', KEYS[4], '1', 'EX', ttl)
  redis.call('SREM', KEYS[2], ARGV[1])
  return 1
end
if pending == 0 then return 0 end
redis.call('INCR', KEYS[1])
if verdict ~= 'ALREADY_ISSUED' then redis.call('SREM', KEYS[2], ARGV[1]) end
return 1`;

const INIT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EXAT', ARGV[2])
redis.call('DEL', KEYS[3])
for i = 3, #ARGV do redis.call('SADD', KEYS[2], ARGV[i]) end
redis.call('EXPIREAT', KEYS[2], ARGV[2])
redis.call('EXPIREAT', KEYS[3], ARGV[2])
return 1`;

const INIT_CHUNK = 5_000;

type ScriptCall = (...args: Array<string | number>) => Promise<unknown>;

export class CouponGate {
  constructor(private readonly redis: Redis, private readonly leaseMs = LEASE_MS) {
    // defineCommand sends EVALSHA and falls back to EVAL once per connection (script cache).
    redis.defineCommand('couponAdmit', { numberOfKeys: 4, lua: ADMIT });
    redis.defineCommand('couponSettle', { numberOfKeys: 4, lua: SETTLE });
    redis.defineCommand('couponInit', { numberOfKeys: 4, lua: INIT });
  }

  /** Commands registered by defineCommand are not in ioredis's types. */
  private script(name: 'couponAdmit' | 'couponSettle' | 'couponInit', ...args: Array<string | number>): Promise<unknown> {
    return (this.redis as unknown as Record<string, ScriptCall>)[name](...args);
  }

  static keys(campaignId: string): [string, string, string, string] {
    const tag = `coupon-gate:{${campaignId}}`;
    return [`${tag}:remaining`, `${tag}:users`, `${tag}:pending`, `${tag}:soldout`];
  }

  /** Throws when Redis is unreachable: the caller then goes straight to Postgres. */
  admit(campaignId: string, userId: string, now: Date): Promise<GateAnswer> {
    return this.script('couponAdmit', ...CouponGate.keys(campaignId), userId, now.getTime(), this.leaseMs) as Promise<GateAnswer>;
  }

  /** Tells the gate what Postgres decided for an admitted request. */
  async settle(campaignId: string, userId: string, verdict: GateVerdict): Promise<void> {
    await this.script('couponSettle', ...CouponGate.keys(campaignId), userId, verdict, 7 * 24 * 3600);
  }

  /**
   * (Re)builds the gate from Postgres's numbers unless another process already did. The keys
   * expire a day after the campaign ends. Returns whether this call built it.
   */
  async init(campaignId: string, state: { remaining: number; userIds: string[] }, endsAt: Date): Promise<boolean> {
    const keys = CouponGate.keys(campaignId);
    const expireAt = Math.ceil(endsAt.getTime() / 1000) + 24 * 3600;
    const [first, ...rest] = chunks(state.userIds, INIT_CHUNK);
    const built = await this.script('couponInit', ...keys, Math.max(0, state.remaining), expireAt, ...(first ?? []));
    if (built === 1) {
      for (const chunk of rest) await this.redis.sadd(keys[1], ...chunk);
    }
    return built === 1;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

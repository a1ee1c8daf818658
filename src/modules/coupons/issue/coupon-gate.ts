import type Redis from 'ioredis';

/**
 * A Redis admission gate in front of the Postgres counter. It answers *losers* early and sends
 * everyone else on to Postgres, which decides; every admission is settled afterwards with
 * Postgres's verdict. Its beliefs may err towards admitting too many (Postgres refuses the
 * extras) but are checked against Postgres before they turn anyone away for lack of coupons:
 *
 * - remaining:  slots not yet admitted; DECR on admission, given back when Postgres refuses.
 * - users:      holders, plus users with an admission in flight (those are also in pending).
 * - pending:    admissions awaiting Postgres's verdict, scored by time. One whose verdict never
 *               arrives (a process died, a Redis blip ate the settle) is reclaimed after the
 *               lease: slot given back, user forgotten.
 * - soldout:    set once Postgres said the campaign is exhausted, which is final (a coupon
 *               never returns to its campaign).
 *
 * ADMIT answers: MISSING (no gate: rebuild it from Postgres), ALREADY (a settled holder),
 * INFLIGHT (this user's other request is in Postgres now: let Postgres decide), EXHAUSTED
 * (Postgres-confirmed), FULL (no slot left by Redis's count: the caller checks Postgres's
 * remaining and calls again with it), ADMITTED (slot taken: go win it in Postgres).
 * Given Postgres's remaining (ARGV[4]), a FULL gate first repairs leaked slots: any slot
 * Postgres has free that Redis counts neither as remaining nor as in flight comes back.
 *
 * Keys share a {hash tag} so the scripts stay valid on a Redis Cluster.
 */
export type GateAnswer = 'ADMITTED' | 'ALREADY' | 'INFLIGHT' | 'EXHAUSTED' | 'FULL' | 'MISSING';
export type GateVerdict = 'ISSUED' | 'ALREADY_ISSUED' | 'EXHAUSTED' | 'REFUSED';

/** Longer than a claim takes in Postgres; a shorter one only over-admits (Postgres refuses the extras). */
export const LEASE_MS = 5_000;

// users and pending may be created after INIT (INIT's EXPIREAT does nothing to a key that does
// not exist yet): they take the expiry of remaining, so no gate key outlives its campaign.
const SAME_EXPIRY = `
local at = redis.call('EXPIRETIME', KEYS[1])
if at > 0 then
  if redis.call('TTL', KEYS[2]) == -1 then redis.call('EXPIREAT', KEYS[2], at) end
  if redis.call('TTL', KEYS[3]) == -1 then redis.call('EXPIREAT', KEYS[3], at) end
end`;

const ADMIT = `
local remaining = redis.call('GET', KEYS[1])
if not remaining then return 'MISSING' end
remaining = tonumber(remaining)
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]), 'LIMIT', 0, 100)
for _, user in ipairs(stale) do
  redis.call('ZREM', KEYS[3], user)
  redis.call('SREM', KEYS[2], user)
  remaining = redis.call('INCR', KEYS[1])
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  if redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 'INFLIGHT' end
  return 'ALREADY'
end
if redis.call('EXISTS', KEYS[4]) == 1 then return 'EXHAUSTED' end
if remaining <= 0 and ARGV[4] then
  local leaked = tonumber(ARGV[4]) - remaining - redis.call('ZCARD', KEYS[3])
  if leaked > 0 then remaining = redis.call('INCRBY', KEYS[1], leaked) end
end
if remaining <= 0 then return 'FULL' end
redis.call('DECR', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
${SAME_EXPIRY}
return 'ADMITTED'`;

// A settle without a pending admission (its lease was reclaimed, or the admit never ran because
// the caller timed out first) changes no count: at worst Redis then over-admits by one.
const SETTLE = `
local pending = redis.call('ZREM', KEYS[3], ARGV[1])
local verdict = ARGV[2]
if verdict == 'ISSUED' then
  redis.call('SADD', KEYS[2], ARGV[1])
  ${SAME_EXPIRY}
  return 1
end
if verdict == 'EXHAUSTED' then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl <= 0 then ttl = tonumber(ARGV[3]) end
  redis.call('SET', KEYS[4], '1', 'EX', ttl)
end
if pending == 0 then return 0 end
if verdict ~= 'EXHAUSTED' then redis.call('INCR', KEYS[1]) end
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
    // Canonical: one campaign, one set of keys, whatever case its id arrived in.
    const tag = `coupon-gate:{${campaignId.toLowerCase()}}`;
    return [`${tag}:remaining`, `${tag}:users`, `${tag}:pending`, `${tag}:soldout`];
  }

  /**
   * Throws when Redis is unreachable: the caller then goes straight to Postgres. Pass
   * `postgresRemaining` (total − issued, as Postgres last said) to let a FULL gate repair leaks.
   */
  admit(campaignId: string, userId: string, now: Date, postgresRemaining?: number): Promise<GateAnswer> {
    const extra = postgresRemaining === undefined ? [] : [postgresRemaining];
    return this.script('couponAdmit', ...CouponGate.keys(campaignId), userId, now.getTime(), this.leaseMs, ...extra) as Promise<GateAnswer>;
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

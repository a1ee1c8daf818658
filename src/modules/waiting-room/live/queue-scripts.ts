/**
 * The live queue of one gate, as Redis keys sharing the {gateId} hash tag (valid on a cluster),
 * changed only by these Lua scripts — each runs atomically, so any number of API and worker
 * processes can enter, admit and expire at once without a lock and without breaking the caps:
 *
 *   cfg      hash    the gate's settings (written from Postgres) + pacing state + admittedNo
 *   seq      string  INCR: entry order
 *   users    hash    userId → ticketId of their live (WAITING/ACTIVE) ticket: one per user
 *   tickets  hash    ticketId → ticket JSON (short field names, see TicketJson)
 *   waiting  zset    WAITING tickets by order key (lowest is admitted next)
 *   hb       zset    WAITING tickets by last heartbeat (ms)
 *   active   zset    ACTIVE tickets by expiry (ms)
 *   admits   zset    admission log of the last minute (ticketId by admission time)
 *   journal  stream  every enter / admit / extend / expiry, until Postgres has it (journal-writer.ts)
 *
 * Admission (`admit`) takes the lowest order keys while three limits all allow:
 *   free slots    maxActive − |active|                (hard: never more ACTIVE than maxActive)
 *   rolling log   admitPerMinute − |admits in (now − 60 s, now]|   (hard: no minute over the cap)
 *   token bucket  refills admitPerMinute/60 000 per ms, holds a quarter second's worth: paces
 *                 the minute out instead of admitting it all in one burst. A full bucket is the
 *                 burst a gate allows when it opens (measured with one second's worth: the first
 *                 10 s admitted 9 % over the rate); a quarter second still covers a pass
 *                 every 100 ms with room for a late timer.
 * An ACTIVE ticket counts against maxActive until the sweep removes it, even past its expiry,
 * so a late sweep only ever under-admits.
 *
 * Scripts return the journal entries they wrote as (stream id, JSON) pairs after their own
 * answer, and PUBLISH the ids of tickets that became ACTIVE or EXPIRED on `wr:ch:<gateId>`.
 */
export const KEY_NAMES = ['cfg', 'seq', 'users', 'tickets', 'waiting', 'hb', 'active', 'admits', 'journal'] as const;

export const keysOf = (gateId: string): string[] => KEY_NAMES.map((name) => `wr:{${gateId}}:${name}`);
export const changesChannel = (gateId: string) => `wr:ch:${gateId}`;
export const CHANGES_PATTERN = 'wr:ch:*';
export const lockKey = (gateId: string) => `wr:{${gateId}}:rebuild-lock`;

const LIB = `
local K_CFG, K_SEQ, K_USERS, K_TICKETS, K_WAITING, K_HB, K_ACTIVE, K_ADMITS, K_JOURNAL =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local LATER = 1099511627776
local out = {}
local changed = {}

local function readCfg()
  local flat = redis.call('HGETALL', K_CFG)
  if #flat == 0 then return nil end
  local c = {}
  for i = 1, #flat, 2 do c[flat[i]] = flat[i + 1] end
  return c
end

local function journal(kind, t, at)
  local json = cjson.encode({ k = kind, t = t, at = at })
  out[#out + 1] = redis.call('XADD', K_JOURNAL, '*', 'j', json)
  out[#out + 1] = json
end

local function getTicket(id)
  local raw = redis.call('HGET', K_TICKETS, id)
  if raw then return cjson.decode(raw) end
  return nil
end

local function putTicket(t)
  redis.call('HSET', K_TICKETS, t.id, cjson.encode(t))
end

local function expire(t, now, reason)
  redis.call('ZREM', K_WAITING, t.id)
  redis.call('ZREM', K_HB, t.id)
  redis.call('ZREM', K_ACTIVE, t.id)
  if redis.call('HGET', K_USERS, t.u) == t.id then redis.call('HDEL', K_USERS, t.u) end
  t.st = 'E'
  t.r = reason
  t.xa = now
  t.v = t.v + 1
  putTicket(t)
  journal('EXPIRED', t, now)
  changed[#changed + 1] = t.id
end

local function sweep(c, now, limit)
  local due = redis.call('ZRANGEBYSCORE', K_ACTIVE, '-inf', now, 'LIMIT', 0, limit)
  for _, id in ipairs(due) do
    local t = getTicket(id)
    if t and t.st == 'A' then expire(t, now, 'TTL') else redis.call('ZREM', K_ACTIVE, id) end
  end
  local stale = redis.call('ZRANGEBYSCORE', K_HB, '-inf', '(' .. (now - tonumber(c.graceMs)), 'LIMIT', 0, limit)
  for _, id in ipairs(stale) do
    local t = getTicket(id)
    if t and t.st == 'W' then expire(t, now, 'HEARTBEAT') else redis.call('ZREM', K_HB, id) end
  end
end

local function admit(c, now, limit)
  if c.state ~= 'OPEN' then return 0 end
  if c.opensAt ~= '' and now < tonumber(c.opensAt) then return 0 end
  local free = tonumber(c.maxActive) - redis.call('ZCARD', K_ACTIVE)
  if free <= 0 then return 0 end
  local perMin = tonumber(c.perMinute)
  redis.call('ZREMRANGEBYSCORE', K_ADMITS, '-inf', now - 60000)
  local room = perMin - redis.call('ZCARD', K_ADMITS)
  local cap = math.max(2, math.ceil(perMin / 240)) -- at least 2: a cap of 1 clamps away the fraction a pass carries over (120/min admitted 100)
  local tokens = tonumber(c.tokens) or cap
  local tokAt = tonumber(c.tokAt) or now
  if now > tokAt then
    tokens = math.min(cap, tokens + (now - tokAt) * perMin / 60000)
    tokAt = now
  end
  local n = math.min(free, room, math.floor(tokens), limit)
  local admitted = 0
  if n > 0 then
    local ttl = tonumber(c.ttlMs)
    local ids = redis.call('ZRANGE', K_WAITING, 0, n - 1)
    for _, id in ipairs(ids) do
      redis.call('ZREM', K_WAITING, id)
      redis.call('ZREM', K_HB, id)
      local t = getTicket(id)
      if t and t.st == 'W' then
        t.st = 'A'
        t.aa = now
        t.ea = now + ttl
        t.v = t.v + 1
        t.n = redis.call('HINCRBY', K_CFG, 'admittedNo', 1)
        putTicket(t)
        redis.call('ZADD', K_ACTIVE, t.ea, id)
        redis.call('ZADD', K_ADMITS, now, id)
        journal('ADMITTED', t, now)
        changed[#changed + 1] = id
        admitted = admitted + 1
      end
    end
    tokens = tokens - admitted
  end
  redis.call('HSET', K_CFG, 'tokens', tostring(tokens), 'tokAt', tostring(tokAt))
  return admitted
end

local function view(c, t, now)
  local rank = -1
  if t.st == 'W' then
    local r = redis.call('ZRANK', K_WAITING, t.id)
    if r then rank = r end
  end
  local from = '(' .. (now - 60000)
  local count = redis.call('ZCOUNT', K_ADMITS, from, '+inf')
  local oldest = ''
  if count > 0 then oldest = redis.call('ZRANGEBYSCORE', K_ADMITS, from, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)[2] end
  return { cjson.encode(t), rank, count, oldest, c.state, c.opensAt, c.fairness }
end

local function reply(c, head)
  for i = 1, #out do head[#head + 1] = out[i] end
  if c and #changed > 0 then redis.call('PUBLISH', 'wr:ch:' .. c.id, table.concat(changed, ',')) end
  return head
end
`;

/**
 * ARGV: userId, new ticket id, now, random key (used in a prequeue window), admit limit.
 * → MISSING | CLOSED | NOT_OPEN | EXISTING view… | NEW view… entries…
 * The user's live ticket is returned as it is (and heartbeats); otherwise a new one joins, and
 * the head of the queue is admitted at once if the caps allow (a quiet gate admits at once).
 */
export const ENTER = `${LIB}
local c = readCfg()
if not c then return { 'MISSING' } end
local user, now = ARGV[1], tonumber(ARGV[3])
local existing = redis.call('HGET', K_USERS, user)
if existing then
  local t = getTicket(existing)
  if t and (t.st == 'W' or (t.st == 'A' and t.ea > now)) then
    if t.st == 'W' then redis.call('ZADD', K_HB, 'XX', 'GT', now, t.id) end
    local v = view(c, t, now)
    table.insert(v, 1, 'EXISTING')
    return v
  end
  if t and t.st == 'A' then expire(t, now, 'TTL') else redis.call('HDEL', K_USERS, user) end
end
if c.state == 'CLOSED' then return reply(c, { 'CLOSED' }) end
local opens = c.preOpensAt
if opens == '' then opens = c.opensAt end
if opens ~= '' and now < tonumber(opens) then return reply(c, { 'NOT_OPEN' }) end
local seq = redis.call('INCR', K_SEQ)
local pre = c.fairness == 'RANDOM_PREQUEUE' and c.opensAt ~= '' and now < tonumber(c.opensAt)
local key = seq
if c.fairness == 'RANDOM_PREQUEUE' then
  if pre then key = tonumber(ARGV[4]) else key = LATER + seq end
end
local t = { id = ARGV[2], g = c.id, u = user, s = seq, o = key, p = pre and 1 or 0, st = 'W', at = now, v = 1 }
putTicket(t)
redis.call('HSET', K_USERS, user, t.id)
redis.call('ZADD', K_WAITING, key, t.id)
redis.call('ZADD', K_HB, now, t.id)
journal('ENTERED', t, now)
admit(c, now, tonumber(ARGV[5]))
local v = view(c, getTicket(t.id), now)
table.insert(v, 1, 'NEW')
return reply(c, v)
`;

/** ARGV: ticket id, now, heartbeat (1/0). → MISSING | NONE | OK view… (a WAITING ticket's read is a heartbeat). */
export const READ = `${LIB}
local c = readCfg()
if not c then return { 'MISSING' } end
local t = getTicket(ARGV[1])
if not t then return { 'NONE' } end
local now = tonumber(ARGV[2])
if t.st == 'W' and ARGV[3] == '1' then redis.call('ZADD', K_HB, 'XX', 'GT', now, t.id) end
local v = view(c, t, now)
table.insert(v, 1, 'OK')
return v
`;

/** ARGV: now, limit. Expires what is due, drops silent waiters, admits. → MISSING | OK admitted waiting active entries… */
export const TICK = `${LIB}
local c = readCfg()
if not c then return { 'MISSING' } end
local now, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
sweep(c, now, limit)
local admitted = admit(c, now, limit)
return reply(c, { 'OK', admitted, redis.call('ZCARD', K_WAITING), redis.call('ZCARD', K_ACTIVE) })
`;

/**
 * ARGV: ticket id, now, reason (COMPLETED | LEFT), admit limit. Ends a WAITING or ACTIVE
 * ticket and admits into the freed slot at once. → MISSING | NONE | OK ticket entries…
 */
export const END = `${LIB}
local c = readCfg()
if not c then return { 'MISSING' } end
local t = getTicket(ARGV[1])
if not t then return { 'NONE' } end
local now = tonumber(ARGV[2])
if t.st == 'A' and t.ea <= now then expire(t, now, 'TTL')
elseif t.st == 'W' or t.st == 'A' then expire(t, now, ARGV[3]) end
admit(c, now, tonumber(ARGV[4]))
return reply(c, { 'OK', cjson.encode(t) })
`;

/** ARGV: ticket id, until (ms), now. Moves an ACTIVE ticket's expiry later, never earlier. → MISSING | NOT_ACTIVE | OK entries… */
export const EXTEND = `${LIB}
local c = readCfg()
if not c then return { 'MISSING' } end
local t = getTicket(ARGV[1])
local now, untilMs = tonumber(ARGV[3]), tonumber(ARGV[2])
if not t or t.st ~= 'A' or t.ea <= now then return { 'NOT_ACTIVE' } end
if untilMs > t.ea then
  t.ea = untilMs
  t.v = t.v + 1
  putTicket(t)
  redis.call('ZADD', K_ACTIVE, untilMs, t.id)
  journal('EXTENDED', t, now)
end
return reply(c, { 'OK' })
`;

/** ARGV: version, state, maxActive, perMinute. Applies newer settings to a loaded gate. → MISSING | CURRENT | UPDATED */
export const CONFIG = `${LIB}
local v = redis.call('HGET', K_CFG, 'version')
if not v then return 'MISSING' end
if tonumber(v) >= tonumber(ARGV[1]) then return 'CURRENT' end
redis.call('HSET', K_CFG, 'version', ARGV[1], 'state', ARGV[2], 'maxActive', ARGV[3], 'perMinute', ARGV[4])
return 'UPDATED'
`;

/** ARGV: now. → MISSING | OK state waiting active admittedLastMinute oldestAdmission opensAt */
export const STATS = `${LIB}
local c = readCfg()
if not c then return { 'MISSING' } end
local now = tonumber(ARGV[1])
local from = '(' .. (now - 60000)
local count = redis.call('ZCOUNT', K_ADMITS, from, '+inf')
local oldest = ''
if count > 0 then oldest = redis.call('ZRANGEBYSCORE', K_ADMITS, from, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)[2] end
return { 'OK', c.state, redis.call('ZCARD', K_WAITING), redis.call('ZCOUNT', K_ACTIVE, '(' .. now, '+inf'), count, oldest, c.opensAt }
`;

/** Rebuild step 1: READY if the gate is loaded; otherwise clears every other key of it. */
export const RESET = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'READY' end
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
return 'EMPTY'
`;

/** Rebuild step 2, in chunks. ARGV: now, then (ticket JSON, order key) pairs from Postgres. */
export const LOAD = `${LIB}
local now = tonumber(ARGV[1])
for i = 2, #ARGV, 2 do
  local t = cjson.decode(ARGV[i])
  if t.st == 'W' or t.st == 'A' then
    redis.call('HSET', K_TICKETS, t.id, ARGV[i])
    redis.call('HSET', K_USERS, t.u, t.id)
  end
  if t.st == 'W' then
    redis.call('ZADD', K_WAITING, ARGV[i + 1], t.id)
    redis.call('ZADD', K_HB, now, t.id)
  elseif t.st == 'A' then
    redis.call('ZADD', K_ACTIVE, t.ea, t.id)
  end
  if t.aa and t.aa > now - 60000 then redis.call('ZADD', K_ADMITS, t.aa, t.id) end
end
return 'OK'
`;

/** Rebuild step 3, last: the settings (their presence marks the gate loaded). ARGV: seq, then field/value pairs. */
export const LOAD_CONFIG = `
local seq = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if seq > current then redis.call('SET', KEYS[2], ARGV[1]) end
local fields = {}
for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
return 'OK'
`;

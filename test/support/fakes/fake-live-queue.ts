import type { Gate } from '../../../src/modules/waiting-room/domain/gate';
import { LATER_BASE } from '../../../src/modules/waiting-room/domain/ticket';
import type { EnterAnswer, GateStats, JournalEntry, JournalKind, LiveQueue, LiveView, TicketJson } from '../../../src/modules/waiting-room/live/live-queue';

/** A sorted set: member → score, ranked by score then member (as Redis ranks them). */
class ZSet {
  readonly scores = new Map<string, number>();
  add(id: string, score: number): void {
    this.scores.set(id, score);
  }
  /** ZADD XX GT: only an existing member, only upwards (the heartbeat). */
  raise(id: string, score: number): void {
    const old = this.scores.get(id);
    if (old !== undefined && score > old) this.scores.set(id, score);
  }
  rem(id: string): void {
    this.scores.delete(id);
  }
  get size(): number {
    return this.scores.size;
  }
  ranked(): string[] {
    return [...this.scores].sort(([a, x], [b, y]) => x - y || (a < b ? -1 : a > b ? 1 : 0)).map(([id]) => id);
  }
  rank(id: string): number | null {
    const i = this.ranked().indexOf(id);
    return i < 0 ? null : i;
  }
  /** Members with lo < score <= hi (ZRANGEBYSCORE with an exclusive low end), in rank order. */
  between(lo: number, hi: number): string[] {
    return this.ranked().filter((id) => this.scores.get(id)! > lo && this.scores.get(id)! <= hi);
  }
}

interface Cfg {
  id: string; version: number; state: string; fairness: string; maxActive: number; perMinute: number; ttlMs: number; graceMs: number;
  preOpensAt: number | null; opensAt: number | null; admittedNo: number; tokens: number | null; tokAt: number | null;
}

class GateKeys {
  cfg: Cfg | null = null;
  seq = 0;
  users = new Map<string, string>();
  tickets = new Map<string, TicketJson>();
  waiting = new ZSet();
  hb = new ZSet();
  active = new ZSet();
  admits = new ZSet();
  journal: Array<{ streamId: string; entry: JournalEntry }> = [];
  lock: string | null = null;
}

/**
 * The live queue in memory: the Lua scripts of live/queue-scripts.ts transcribed one to one
 * (each method runs to completion without awaiting, so it is as atomic as a script). What it
 * leaves out: PUBLISH of changed tickets (only live fan-out listens) and the lock's TTL.
 * `down` makes every call fail as an unreachable Redis does; `flush()` is FLUSHDB.
 *
 * LiveQueue is a class with a private member, so nothing else can `implements` it; this fake
 * implements its public face (Omit<…, 'redis'>, checked by the compiler) and asLiveQueue()
 * hands it to WaitingRoomDeps.
 */
export class FakeLiveQueue implements Omit<LiveQueue, 'redis'> {
  private readonly gates = new Map<string, GateKeys>();
  private streamSeq = 0;
  down = false;

  asLiveQueue(): LiveQueue {
    return this as unknown as LiveQueue;
  }

  flush(): void {
    this.gates.clear();
  }

  /** The gate's loaded settings (null: not loaded), for assertions. */
  config_(gateId: string): Readonly<Cfg> | null {
    return this.gates.get(gateId)?.cfg ?? null;
  }

  async enter(gateId: string, userId: string, ticketId: string, now: number, randomKey: number, admitLimit: number): Promise<EnterAnswer> {
    const { g, c, out } = this.script(gateId);
    if (!c) return { outcome: 'MISSING' };
    const existing = g.users.get(userId);
    if (existing) {
      const t = g.tickets.get(existing);
      if (t && (t.st === 'W' || (t.st === 'A' && t.ea! > now))) {
        if (t.st === 'W') g.hb.raise(t.id, now);
        return { outcome: 'EXISTING', view: this.view(g, c, t, now), entries: [] };
      }
      if (t && t.st === 'A') this.expire(g, out, t, now, 'TTL');
      else g.users.delete(userId);
    }
    if (c.state === 'CLOSED') return { outcome: 'CLOSED', entries: out };
    const opens = c.preOpensAt ?? c.opensAt;
    if (opens !== null && now < opens) return { outcome: 'NOT_OPEN', entries: out };
    const seq = ++g.seq;
    const pre = c.fairness === 'RANDOM_PREQUEUE' && c.opensAt !== null && now < c.opensAt;
    const key = c.fairness === 'RANDOM_PREQUEUE' ? (pre ? randomKey : LATER_BASE + seq) : seq;
    const t: TicketJson = { id: ticketId, g: c.id, u: userId, s: seq, o: key, p: pre ? 1 : 0, st: 'W', at: now, v: 1 };
    g.tickets.set(t.id, t);
    g.users.set(userId, t.id);
    g.waiting.add(t.id, key);
    g.hb.add(t.id, now);
    this.journal(g, out, 'ENTERED', t, now);
    this.admit(g, c, out, now, admitLimit);
    return { outcome: 'NEW', view: this.view(g, c, g.tickets.get(t.id)!, now), entries: out };
  }

  async read(gateId: string, ticketId: string, now: number, heartbeat: boolean): Promise<LiveView | null | undefined> {
    const { g, c } = this.script(gateId);
    if (!c) return null;
    const t = g.tickets.get(ticketId);
    if (!t) return undefined;
    if (t.st === 'W' && heartbeat) g.hb.raise(t.id, now);
    return this.view(g, c, t, now);
  }

  async tick(gateId: string, now: number, limit: number) {
    const { g, c, out } = this.script(gateId);
    if (!c) return null;
    for (const id of g.active.between(-Infinity, now).slice(0, limit)) {
      const t = g.tickets.get(id);
      if (t && t.st === 'A') this.expire(g, out, t, now, 'TTL');
      else g.active.rem(id);
    }
    for (const id of g.hb.between(-Infinity, now - c.graceMs - 1e-9).slice(0, limit)) {
      const t = g.tickets.get(id);
      if (t && t.st === 'W') this.expire(g, out, t, now, 'HEARTBEAT');
      else g.hb.rem(id);
    }
    const admitted = this.admit(g, c, out, now, limit);
    return { admitted, waiting: g.waiting.size, active: g.active.size, entries: out };
  }

  async end(gateId: string, ticketId: string, now: number, reason: 'COMPLETED' | 'LEFT', admitLimit: number) {
    const { g, c, out } = this.script(gateId);
    if (!c) return null;
    const t = g.tickets.get(ticketId);
    if (!t) return undefined;
    if (t.st === 'A' && t.ea! <= now) this.expire(g, out, t, now, 'TTL');
    else if (t.st === 'W' || t.st === 'A') this.expire(g, out, t, now, reason);
    this.admit(g, c, out, now, admitLimit);
    return { ticket: structuredClone(t), entries: out };
  }

  async extend(gateId: string, ticketId: string, until: number, now: number): Promise<JournalEntry[] | null> {
    const { g, c, out } = this.script(gateId);
    if (!c) return null;
    const t = g.tickets.get(ticketId);
    if (!t || t.st !== 'A' || t.ea! <= now) return [];
    if (until > t.ea!) {
      t.ea = until;
      t.v += 1;
      g.active.add(t.id, until);
      this.journal(g, out, 'EXTENDED', t, now);
    }
    return out;
  }

  async config(gate: Pick<Gate, 'id' | 'version' | 'state' | 'maxActive' | 'admitPerMinute'>): Promise<'MISSING' | 'CURRENT' | 'UPDATED'> {
    const { c } = this.script(gate.id);
    if (!c) return 'MISSING';
    if (c.version >= gate.version) return 'CURRENT';
    Object.assign(c, { version: gate.version, state: gate.state, maxActive: gate.maxActive, perMinute: gate.admitPerMinute });
    return 'UPDATED';
  }

  async stats(gateId: string, now: number): Promise<GateStats | null> {
    const { g, c } = this.script(gateId);
    if (!c) return null;
    const { count, oldest } = this.window(g, now);
    return { state: c.state, waiting: g.waiting.size, active: g.active.between(now, Infinity).length, admittedLastMinute: count, oldestAdmission: oldest, opensAt: c.opensAt };
  }

  async activeUntil(gateId: string, ticketId: string): Promise<number | null> {
    return this.keys(gateId).active.scores.get(ticketId) ?? null;
  }

  async lock(gateId: string, owner: string): Promise<boolean> {
    const g = this.keys(gateId);
    if (g.lock !== null) return false;
    g.lock = owner;
    return true;
  }

  async unlock(gateId: string, owner: string): Promise<void> {
    const g = this.keys(gateId);
    if (g.lock === owner) g.lock = null;
  }

  async reset(gateId: string): Promise<'READY' | 'EMPTY'> {
    const g = this.keys(gateId);
    if (g.cfg) return 'READY';
    const fresh = Object.assign(new GateKeys(), { lock: g.lock }); // the lock key is not among the script's keys
    this.gates.set(gateId, fresh);
    return 'EMPTY';
  }

  async load(gateId: string, now: number, tickets: Array<{ json: TicketJson; orderKey: number }>): Promise<void> {
    const g = this.keys(gateId);
    for (const { json, orderKey } of tickets) {
      const t = structuredClone(json);
      if (t.st === 'W' || t.st === 'A') {
        g.tickets.set(t.id, t);
        g.users.set(t.u, t.id);
      }
      if (t.st === 'W') {
        g.waiting.add(t.id, orderKey);
        g.hb.add(t.id, now);
      } else if (t.st === 'A') g.active.add(t.id, t.ea!);
      if (t.aa !== undefined && t.aa > now - 60_000) g.admits.add(t.id, t.aa);
    }
  }

  async loadConfig(gate: Gate, seq: number, admittedNo: number, now: number, recentAdmissions: boolean): Promise<void> {
    const g = this.keys(gate.id);
    if (seq > g.seq) g.seq = seq;
    g.cfg = {
      id: gate.id, version: gate.version, state: gate.state, fairness: gate.fairness, maxActive: gate.maxActive, perMinute: gate.admitPerMinute,
      ttlMs: gate.activeTtlSeconds * 1000, graceMs: gate.heartbeatGraceSeconds * 1000,
      preOpensAt: gate.prequeueOpensAt?.getTime() ?? null, opensAt: gate.opensAt?.getTime() ?? null, admittedNo, tokAt: now,
      tokens: recentAdmissions ? 0 : Math.max(2, Math.ceil(gate.admitPerMinute / 240)),
    };
  }

  async journalBefore(gateId: string, beforeMs: number, count: number): Promise<JournalEntry[]> {
    this.reachable();
    return this.keys(gateId).journal.filter((j) => Number(j.streamId.split('-')[0]) <= beforeMs).slice(0, count).map((j) => structuredClone(j.entry));
  }

  async dropJournal(gateId: string, streamIds: string[]): Promise<void> {
    this.reachable();
    const g = this.keys(gateId);
    g.journal = g.journal.filter((j) => !streamIds.includes(j.streamId));
  }

  /** What the Redis journal still holds (Postgres may not have it yet). */
  journalOf(gateId: string): JournalEntry[] {
    return this.keys(gateId).journal.map((j) => j.entry);
  }

  // ---- the scripts' LIB ----

  private script(gateId: string): { g: GateKeys; c: Cfg | null; out: JournalEntry[] } {
    const g = this.keys(gateId);
    return { g, c: g.cfg, out: [] };
  }

  private keys(gateId: string): GateKeys {
    this.reachable();
    let g = this.gates.get(gateId);
    if (!g) this.gates.set(gateId, (g = new GateKeys()));
    return g;
  }

  private reachable(): void {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379 (FakeLiveQueue.down)');
  }

  private journal(g: GateKeys, out: JournalEntry[], kind: JournalKind, t: TicketJson, at: number): void {
    const entry: JournalEntry = { gateId: t.g, streamId: `${Date.now()}-${++this.streamSeq}`, kind, ticket: structuredClone(t), at };
    g.journal.push({ streamId: entry.streamId, entry });
    out.push(structuredClone(entry));
  }

  private expire(g: GateKeys, out: JournalEntry[], t: TicketJson, now: number, reason: NonNullable<TicketJson['r']>): void {
    g.waiting.rem(t.id);
    g.hb.rem(t.id);
    g.active.rem(t.id);
    if (g.users.get(t.u) === t.id) g.users.delete(t.u);
    Object.assign(t, { st: 'E', r: reason, xa: now, v: t.v + 1 });
    this.journal(g, out, 'EXPIRED', t, now);
  }

  /** Free slots, the rolling minute and the token bucket all allow (see queue-scripts.ts). */
  private admit(g: GateKeys, c: Cfg, out: JournalEntry[], now: number, limit: number): number {
    if (c.state !== 'OPEN') return 0;
    if (c.opensAt !== null && now < c.opensAt) return 0;
    const free = c.maxActive - g.active.size;
    if (free <= 0) return 0;
    for (const id of g.admits.between(-Infinity, now - 60_000)) g.admits.rem(id);
    const room = c.perMinute - g.admits.size;
    const cap = Math.max(2, Math.ceil(c.perMinute / 240));
    let tokens = c.tokens ?? cap;
    let tokAt = c.tokAt ?? now;
    if (now > tokAt) {
      tokens = Math.min(cap, tokens + ((now - tokAt) * c.perMinute) / 60_000);
      tokAt = now;
    }
    const n = Math.min(free, room, Math.floor(tokens), limit);
    let admitted = 0;
    if (n > 0) {
      for (const id of g.waiting.ranked().slice(0, n)) {
        g.waiting.rem(id);
        g.hb.rem(id);
        const t = g.tickets.get(id);
        if (!t || t.st !== 'W') continue;
        c.admittedNo += 1;
        Object.assign(t, { st: 'A', aa: now, ea: now + c.ttlMs, v: t.v + 1, n: c.admittedNo });
        g.active.add(id, t.ea!);
        g.admits.add(id, now);
        this.journal(g, out, 'ADMITTED', t, now);
        admitted += 1;
      }
      tokens -= admitted;
    }
    Object.assign(c, { tokens, tokAt });
    return admitted;
  }

  private window(g: GateKeys, now: number): { count: number; oldest: number | null } {
    const recent = g.admits.between(now - 60_000, Infinity);
    return { count: recent.length, oldest: recent.length > 0 ? g.admits.scores.get(recent[0])! : null };
  }

  private view(g: GateKeys, c: Cfg, t: TicketJson, now: number): LiveView {
    const { count, oldest } = this.window(g, now);
    return {
      ticket: structuredClone(t), rank: t.st === 'W' ? g.waiting.rank(t.id) : null, admittedInWindow: count, oldestAdmission: oldest,
      state: c.state, opensAt: c.opensAt, fairness: c.fairness,
    };
  }
}

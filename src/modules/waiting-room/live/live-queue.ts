import type Redis from 'ioredis';
import type { EndReason, Ticket, TicketStatus } from '../domain/ticket';
import type { Gate } from '../domain/gate';
import { CONFIG, END, ENTER, EXTEND, LOAD, LOAD_CONFIG, READ, RESET, STATS, TICK, keysOf, lockKey } from './queue-scripts';

/** A ticket as the scripts store it (short names: 10,000 of them live in one hash). */
export interface TicketJson {
  id: string;
  g: string;
  u: string;
  s: number;
  o: number;
  p: 0 | 1;
  st: 'W' | 'A' | 'E';
  at: number;
  aa?: number;
  ea?: number;
  n?: number;
  v: number;
  r?: EndReason;
  xa?: number;
}

export type JournalKind = 'ENTERED' | 'ADMITTED' | 'EXTENDED' | 'EXPIRED';

/** One journal entry: a ticket as it was right after one of its moves. */
export interface JournalEntry {
  gateId: string;
  streamId: string;
  kind: JournalKind;
  ticket: TicketJson;
  at: number;
}

/** A ticket as read from the live queue, with what its position and ETA are computed from. */
export interface LiveView {
  ticket: TicketJson;
  /** 0-based rank among WAITING tickets; null when not waiting. */
  rank: number | null;
  admittedInWindow: number;
  oldestAdmission: number | null;
  state: string;
  opensAt: number | null;
  fairness: string;
}

export interface GateStats {
  state: string;
  waiting: number;
  active: number;
  admittedLastMinute: number;
  oldestAdmission: number | null;
  opensAt: number | null;
}

export type EnterAnswer =
  | { outcome: 'MISSING' }
  | { outcome: 'CLOSED' | 'NOT_OPEN'; entries: JournalEntry[] }
  | { outcome: 'EXISTING' | 'NEW'; view: LiveView; entries: JournalEntry[] };

const KEY_COUNT = 9; // keysOf(): cfg … journal
type Reply = Array<string | number>;
type ScriptCall = (...args: Array<string | number>) => Promise<Reply | string>;
const SCRIPTS = { wrEnter: ENTER, wrRead: READ, wrTick: TICK, wrEnd: END, wrExtend: EXTEND, wrConfig: CONFIG, wrStats: STATS, wrReset: RESET, wrLoad: LOAD, wrLoadConfig: LOAD_CONFIG };
type ScriptName = keyof typeof SCRIPTS;

const STATUS: Record<TicketJson['st'], TicketStatus> = { W: 'WAITING', A: 'ACTIVE', E: 'EXPIRED' };
const VIEW_LENGTH = 7;

export function ticketOf(t: TicketJson): Ticket {
  const date = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));
  return {
    id: t.id, gateId: t.g, userId: t.u, seq: t.s, orderKey: t.o, prequeued: t.p === 1, status: STATUS[t.st],
    enteredAt: new Date(t.at), admittedAt: date(t.aa), admittedNo: t.n ?? null,
    expiresAt: t.st === 'E' ? date(t.xa) : date(t.ea), endedAt: date(t.xa), endReason: t.r ?? null, version: t.v,
  };
}

/** The inverse of ticketOf, for a rebuild from Postgres. */
export function ticketJsonOf(t: Ticket): TicketJson {
  const json: TicketJson = {
    id: t.id, g: t.gateId, u: t.userId, s: t.seq, o: t.orderKey, p: t.prequeued ? 1 : 0,
    st: t.status === 'WAITING' ? 'W' : t.status === 'ACTIVE' ? 'A' : 'E', at: t.enteredAt.getTime(), v: t.version,
  };
  if (t.admittedAt) json.aa = t.admittedAt.getTime();
  if (t.admittedNo !== null) json.n = t.admittedNo;
  if (t.status === 'ACTIVE' && t.expiresAt) json.ea = t.expiresAt.getTime();
  if (t.endedAt) json.xa = t.endedAt.getTime();
  if (t.endReason) json.r = t.endReason;
  return json;
}

const num = (v: string | number | undefined) => (v === undefined || v === '' ? null : Number(v));

/**
 * The typed face of the Lua scripts. Every call is one Redis round trip (EVALSHA; ioredis
 * falls back to EVAL once per connection). Any Redis error is thrown to the caller, who
 * answers GATE_UNAVAILABLE: without Redis nobody is admitted.
 */
export class LiveQueue {
  constructor(readonly redis: Redis) {
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      redis.defineCommand(name, { numberOfKeys: KEY_COUNT, lua });
    }
  }

  async enter(gateId: string, userId: string, ticketId: string, now: number, randomKey: number, admitLimit: number): Promise<EnterAnswer> {
    const reply = await this.call('wrEnter', gateId, userId, ticketId, now, randomKey, admitLimit);
    const outcome = reply[0] as string;
    if (outcome === 'MISSING') return { outcome };
    if (outcome === 'CLOSED' || outcome === 'NOT_OPEN') return { outcome, entries: entriesOf(gateId, reply, 1) };
    return { outcome: outcome as 'EXISTING' | 'NEW', view: viewOf(reply, 1), entries: entriesOf(gateId, reply, 1 + VIEW_LENGTH) };
  }

  /** null: the gate is not loaded (MISSING); undefined: no such ticket in it. */
  async read(gateId: string, ticketId: string, now: number, heartbeat: boolean): Promise<LiveView | null | undefined> {
    const reply = await this.call('wrRead', gateId, ticketId, now, heartbeat ? 1 : 0);
    if (reply[0] === 'MISSING') return null;
    if (reply[0] === 'NONE') return undefined;
    return viewOf(reply, 1);
  }

  async tick(gateId: string, now: number, limit: number): Promise<{ admitted: number; waiting: number; active: number; entries: JournalEntry[] } | null> {
    const reply = await this.call('wrTick', gateId, now, limit);
    if (reply[0] === 'MISSING') return null;
    return { admitted: Number(reply[1]), waiting: Number(reply[2]), active: Number(reply[3]), entries: entriesOf(gateId, reply, 4) };
  }

  async end(gateId: string, ticketId: string, now: number, reason: 'COMPLETED' | 'LEFT', admitLimit: number): Promise<{ ticket: TicketJson; entries: JournalEntry[] } | null | undefined> {
    const reply = await this.call('wrEnd', gateId, ticketId, now, reason, admitLimit);
    if (reply[0] === 'MISSING') return null;
    if (reply[0] === 'NONE') return undefined;
    return { ticket: JSON.parse(String(reply[1])) as TicketJson, entries: entriesOf(gateId, reply, 2) };
  }

  async extend(gateId: string, ticketId: string, until: number, now: number): Promise<JournalEntry[] | null> {
    const reply = await this.call('wrExtend', gateId, ticketId, until, now);
    if (reply[0] === 'MISSING') return null;
    return entriesOf(gateId, reply, 1);
  }

  /** Newer settings for a loaded gate; 'MISSING' when it is not loaded. */
  async config(gate: Pick<Gate, 'id' | 'version' | 'state' | 'maxActive' | 'admitPerMinute'>): Promise<'MISSING' | 'CURRENT' | 'UPDATED'> {
    return (await this.call('wrConfig', gate.id, gate.version, gate.state, gate.maxActive, gate.admitPerMinute)) as unknown as 'MISSING' | 'CURRENT' | 'UPDATED';
  }

  async stats(gateId: string, now: number): Promise<GateStats | null> {
    const reply = await this.call('wrStats', gateId, now);
    if (reply[0] === 'MISSING') return null;
    return {
      state: String(reply[1]), waiting: Number(reply[2]), active: Number(reply[3]), admittedLastMinute: Number(reply[4]),
      oldestAdmission: num(reply[5]), opensAt: num(reply[6]),
    };
  }

  /** The token check's one lookup: the ticket's expiry (ms) if it is in the active set. */
  async activeUntil(gateId: string, ticketId: string): Promise<number | null> {
    return num((await this.redis.zscore(keysOf(gateId)[6], ticketId)) ?? undefined);
  }

  // ---- rebuild from Postgres (see WaitingRoom.load) ----

  async lock(gateId: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(lockKey(gateId), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlock(gateId: string, owner: string): Promise<void> {
    if ((await this.redis.get(lockKey(gateId))) === owner) await this.redis.del(lockKey(gateId));
  }

  async reset(gateId: string): Promise<'READY' | 'EMPTY'> {
    return (await this.call('wrReset', gateId)) as unknown as 'READY' | 'EMPTY';
  }

  async load(gateId: string, now: number, tickets: Array<{ json: TicketJson; orderKey: number }>): Promise<void> {
    if (tickets.length === 0) return;
    await this.call('wrLoad', gateId, now, ...tickets.flatMap((t) => [JSON.stringify(t.json), t.orderKey]));
  }

  /** `recentAdmissions`: the bucket starts empty (pacing goes on from the admissions just before), else full. */
  async loadConfig(gate: Gate, seq: number, admittedNo: number, now: number, recentAdmissions: boolean): Promise<void> {
    const fields: Record<string, string | number> = {
      id: gate.id, version: gate.version, state: gate.state, fairness: gate.fairness,
      maxActive: gate.maxActive, perMinute: gate.admitPerMinute,
      ttlMs: gate.activeTtlSeconds * 1000, graceMs: gate.heartbeatGraceSeconds * 1000,
      preOpensAt: gate.prequeueOpensAt?.getTime() ?? '', opensAt: gate.opensAt?.getTime() ?? '',
      admittedNo, tokAt: now,
      tokens: recentAdmissions ? 0 : Math.max(2, Math.ceil(gate.admitPerMinute / 240)), // as the admit script's bucket
    };
    await this.call('wrLoadConfig', gate.id, seq, ...Object.entries(fields).flat());
  }

  // ---- journal ----

  /** Entries older than `beforeMs` (stream ids are Redis server time) that Postgres may not have yet. */
  async journalBefore(gateId: string, beforeMs: number, count: number): Promise<JournalEntry[]> {
    const rows = await this.redis.xrange(keysOf(gateId)[8], '-', String(beforeMs), 'COUNT', count);
    return rows.map(([streamId, fields]) => entryOf(gateId, streamId, fields[1]));
  }

  async dropJournal(gateId: string, streamIds: string[]): Promise<void> {
    if (streamIds.length > 0) await this.redis.xdel(keysOf(gateId)[8], ...streamIds);
  }

  private async call(name: ScriptName, gateId: string, ...args: Array<string | number>): Promise<Reply> {
    const fn = (this.redis as unknown as Record<ScriptName, ScriptCall>)[name];
    return (await fn.call(this.redis, ...keysOf(gateId), ...args)) as Reply;
  }
}

function viewOf(reply: Reply, at: number): LiveView {
  const rank = Number(reply[at + 1]);
  return {
    ticket: JSON.parse(String(reply[at])) as TicketJson,
    rank: rank < 0 ? null : rank,
    admittedInWindow: Number(reply[at + 2]),
    oldestAdmission: num(reply[at + 3]),
    state: String(reply[at + 4]),
    opensAt: num(reply[at + 5]),
    fairness: String(reply[at + 6]),
  };
}

function entryOf(gateId: string, streamId: string, json: string): JournalEntry {
  const raw = JSON.parse(json) as { k: JournalKind; t: TicketJson; at: number };
  return { gateId, streamId, kind: raw.k, ticket: raw.t, at: raw.at };
}

function entriesOf(gateId: string, reply: Reply, from: number): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (let i = from; i + 1 < reply.length; i += 2) entries.push(entryOf(gateId, String(reply[i]), String(reply[i + 1])));
  return entries;
}

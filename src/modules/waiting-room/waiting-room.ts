import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { isId, newId } from '../../shared/ids';
import { UserFacingError } from '../../shared/user-error';
import type { Tx } from '../../shared/tx';
import type { WriteDeps } from '../../shared/write-deps';
import type { Gate } from './domain/gate';
import { LATER_BASE, admissionRate, estimatedWaitSeconds, statusAt, type Ticket, type TicketStatus } from './domain/ticket';
import { gateNotFound, gateUnavailable, gateClosed, queueNotOpen, tokenRequired } from './domain/waiting-room-errors';
import type { JournalWriter } from './journal-writer';
import { rebuildGate } from './live/rebuild';
import { ticketOf, type EnterAnswer, type GateStats, type JournalEntry, type LiveQueue, type LiveView } from './live/live-queue';
import type { AdmissionCheck, GatedResource, QueueAdmission } from './queue-admission';
import type { QueueTokenClaims, QueueTokens } from './queue-token';
import type { GateStore } from './stores/gate.store';
import type { TicketStore } from './stores/ticket.store';

/** What the waiting room runs on (real stores and Redis in the app; the same in tests, on this run's services). */
export interface WaitingRoomDeps extends WriteDeps {
  gates: GateStore;
  tickets: TicketStore;
  live: LiveQueue;
  journal: JournalWriter;
  tokens: QueueTokens;
  /** Autocommit reads (no transaction): gate lookups, and the answers given while Redis is away. */
  reads: Tx;
  log: Logger;
}

export interface QueueTicketView {
  token: string;
  ticket: Ticket;
  status: TicketStatus;
  position: number | null;
  estimatedWaitSeconds: number | null;
  admittedAt: Date | null;
  expiresAt: Date | null;
}

export interface GateView {
  gate: Gate;
  waiting: number;
  active: number;
  admittedLastMinute: number;
  estimatedWaitSeconds: number | null;
}

const GATE_CACHE_MS = 1_000;
const RESOURCE_CACHE_MS = 5_000;
/** Admissions a request makes itself (into a quiet gate, or the slot it just freed); the admitter does the rest. */
const INLINE_ADMITS = 1;

/**
 * The waiting room: the live queue in Redis (atomic Lua scripts, see live/queue-scripts.ts),
 * every move also journalled to Postgres (journal-writer.ts), and the Postgres record used to
 * rebuild a flushed Redis with its order. Also the QueueAdmission port other modules call.
 */
export class WaitingRoom implements QueueAdmission {
  private readonly gateCache = new Map<string, { gate: Gate | null; at: number }>();
  /** Which resource has which gate: every gate is a handful of rows, so one read serves every lookup for RESOURCE_CACHE_MS. */
  private gatesByResource?: { at: number; loading: Promise<Map<string, string>> };
  private warnedAt = 0;

  constructor(readonly deps: WaitingRoomDeps, readonly ready: Promise<void> = Promise.resolve()) {}

  // ---- shoppers ----

  async enter(gateId: string, userId: string): Promise<QueueTicketView> {
    if (!isId(gateId)) throw gateNotFound('gateId');
    if (!isId(userId)) throw new Error('queue tickets are for users with UUID ids');
    await this.ready;
    for (let attempt = 0; ; attempt++) {
      const now = this.now();
      let answer: EnterAnswer;
      try {
        answer = await this.deps.live.enter(gateId, userId, newId(now), now, randomInt(0, LATER_BASE), INLINE_ADMITS);
      } catch (err) {
        this.redisDown(err);
        throw gateUnavailable();
      }
      if (answer.outcome === 'MISSING') {
        if (attempt === 0 && (await this.load(gateId))) continue;
        throw (await this.cachedGate(gateId)) ? gateUnavailable() : gateNotFound('gateId');
      }
      try {
        // Answered only once Postgres has it: a ticket someone holds survives a Redis flush.
        await this.deps.journal.persist(answer.entries);
      } catch (err) {
        this.deps.log.warn({ gateId, err: (err as Error).message }, 'queue journal not written; the sweep will retry');
        if (answer.outcome === 'NEW') throw gateUnavailable();
      }
      if (answer.outcome === 'EXISTING' || answer.outcome === 'NEW') return this.view(answer.view, now);
      if (answer.outcome === 'CLOSED') throw gateClosed();
      const gate = await this.cachedGate(gateId);
      throw queueNotOpen(gate?.prequeueOpensAt ?? gate?.opensAt ?? new Date(now));
    }
  }

  /** The ticket behind a token (`userId`: only if it is theirs); a read heartbeats a WAITING ticket. */
  async ticket(token: string, userId: string | null, heartbeat = true): Promise<QueueTicketView | null> {
    const claims = this.deps.tokens.verify(token);
    if (!claims || (userId !== null && claims.userId !== userId)) return null;
    await this.ready;
    const now = this.now();
    try {
      let live = await this.deps.live.read(claims.gateId, claims.ticketId, now, heartbeat);
      if (live === null && (await this.load(claims.gateId))) live = await this.deps.live.read(claims.gateId, claims.ticketId, now, heartbeat);
      if (live) return this.view(live, now);
    } catch (err) {
      if (!(err instanceof UserFacingError)) this.redisDown(err);
    }
    return this.fromPostgres(claims, now);
  }

  async leave(token: string, userId: string): Promise<QueueTicketView> {
    const claims = this.deps.tokens.verify(token);
    if (!claims || claims.userId !== userId) throw tokenRequired();
    await this.ready;
    let ended: JournalEntry[] | null;
    try {
      ended = await this.end(claims, 'LEFT');
    } catch (err) {
      this.redisDown(err);
      throw gateUnavailable();
    }
    const view = await this.ticket(token, userId, false);
    if (!view) throw tokenRequired();
    return ended === null ? view : { ...view, status: 'EXPIRED', position: null, estimatedWaitSeconds: null };
  }

  // ---- QueueAdmission (ticketing, ordering) ----

  async gateOf(resource: GatedResource): Promise<{ id: string } | null> {
    const key = resource.performanceId ? `p:${resource.performanceId.toLowerCase()}` : resource.productId ? `r:${resource.productId.toLowerCase()}` : null;
    if (!key) return null;
    const id = (await this.resourceGates()).get(key);
    return id ? { id } : null;
  }

  /** The hot path (every placeOrder asks for each product) costs a map lookup, and a query every 5 s per process. */
  private resourceGates(): Promise<Map<string, string>> {
    const cached = this.gatesByResource;
    if (cached && Date.now() - cached.at < RESOURCE_CACHE_MS) return cached.loading;
    const loading = this.deps.gates.all(this.deps.reads).then((gates) => new Map(gates.flatMap((g) => [
      ...(g.performanceId ? [[`p:${g.performanceId}`, g.id] as const] : []),
      ...(g.productId ? [[`r:${g.productId}`, g.id] as const] : []),
    ])));
    this.gatesByResource = { at: Date.now(), loading };
    // A failed read is not kept: the next call asks again.
    loading.catch(() => this.gatesByResource?.loading === loading && (this.gatesByResource = undefined));
    return loading;
  }

  async check(token: string | null | undefined, userId: string, gateId: string): Promise<AdmissionCheck> {
    if (!token) return 'QUEUE_TOKEN_REQUIRED';
    const claims = this.deps.tokens.verify(token);
    if (!claims) return 'QUEUE_TOKEN_REQUIRED'; // not a queue token at all (forged, garbled)
    // A real ticket, but not this caller's admission here (issue 9: another gate's or user's → NOT_ACTIVE).
    if (claims.userId !== userId || claims.gateId !== gateId) return 'QUEUE_TOKEN_NOT_ACTIVE';
    try {
      const until = await this.deps.live.activeUntil(gateId, claims.ticketId); // the one lookup
      return until !== null && until > this.now() ? 'OK' : 'QUEUE_TOKEN_NOT_ACTIVE';
    } catch (err) {
      this.redisDown(err);
      return 'GATE_UNAVAILABLE';
    }
  }

  /** Throws when the token is not ours or Redis cannot be reached (the hold should not outlive its admission silently). */
  async extend(token: string, until: Date): Promise<void> {
    const claims = this.deps.tokens.verify(token);
    if (!claims) throw new Error('not a queue token');
    await this.ready;
    let entries = await this.deps.live.extend(claims.gateId, claims.ticketId, until.getTime(), this.now());
    if (entries === null && (await this.load(claims.gateId))) entries = await this.deps.live.extend(claims.gateId, claims.ticketId, until.getTime(), this.now());
    await this.deps.journal.persist(entries ?? []);
  }

  /** Frees the slot at once. With Redis away it logs and returns: the ticket's TTL frees the slot then. */
  async complete(token: string): Promise<void> {
    const claims = this.deps.tokens.verify(token);
    if (!claims) return;
    await this.ready;
    try {
      await this.end(claims, 'COMPLETED');
    } catch (err) {
      this.redisDown(err);
    }
  }

  // ---- admin and the admitter ----

  async gateView(id: string): Promise<GateView | null> {
    if (!isId(id)) return null;
    const gate = await this.deps.gates.load(this.deps.reads, id);
    if (!gate) return null;
    await this.ready;
    const now = this.now();
    let stats: Omit<GateStats, 'state' | 'opensAt'> | null = null;
    try {
      stats = await this.deps.live.stats(id, now);
      if (!stats && (await this.load(id))) stats = await this.deps.live.stats(id, now);
    } catch (err) {
      if (!(err instanceof UserFacingError)) this.redisDown(err);
    }
    stats ??= await this.deps.tickets.counts(this.deps.reads, id, new Date(now));
    const rate = gate.state === 'OPEN' ? admissionRate(stats.admittedLastMinute, stats.oldestAdmission, now) : null;
    return { gate, waiting: stats.waiting, active: stats.active, admittedLastMinute: stats.admittedLastMinute, estimatedWaitSeconds: estimatedWaitSeconds(stats.waiting + 1, rate) };
  }

  /** One admitter pass over a gate: expire what is due, drop silent waiters, admit under the caps. Null: no such gate. */
  async tick(gateId: string, limit = 1_000): Promise<{ admitted: number; waiting: number; active: number } | null> {
    await this.ready;
    let result = await this.deps.live.tick(gateId, this.now(), limit);
    if (!result && (await this.load(gateId))) result = await this.deps.live.tick(gateId, this.now(), limit);
    if (!result) return null;
    await this.deps.journal.persist(result.entries).catch((err: Error) => {
      this.deps.log.warn({ gateId, err: err.message }, 'queue journal not written; the sweep will retry');
    });
    return result;
  }

  /** Brings Redis up to the gate's settings (after an edit, and every second from the admitter). */
  async publishGate(gate: Gate): Promise<void> {
    this.gatesByResource = undefined; // this process sees a new gate at once; the others within RESOURCE_CACHE_MS
    await this.ready;
    this.gateCache.set(gate.id, { gate, at: Date.now() });
    if ((await this.deps.live.config(gate)) === 'MISSING') await this.load(gate.id);
  }

  /** Rebuilds the gate's live queue from Postgres if Redis lacks it (see rebuildGate). False: no such gate. */
  load(gateId: string): Promise<boolean> {
    return rebuildGate(this.deps, gateId, () => this.now());
  }

  // ---- internals ----

  private async end(claims: QueueTokenClaims, reason: 'COMPLETED' | 'LEFT'): Promise<JournalEntry[] | null> {
    const { live } = this.deps;
    let ended = await live.end(claims.gateId, claims.ticketId, this.now(), reason, INLINE_ADMITS);
    if (ended === null && (await this.load(claims.gateId))) ended = await live.end(claims.gateId, claims.ticketId, this.now(), reason, INLINE_ADMITS);
    if (!ended) return null;
    await this.deps.journal.persist(ended.entries);
    return ended.entries;
  }

  private view(live: LiveView, now: number): QueueTicketView {
    const ticket = ticketOf(live.ticket);
    // Before a RANDOM_PREQUEUE gate opens, the order is drawn but not shown.
    const hidden = live.fairness === 'RANDOM_PREQUEUE' && live.opensAt !== null && now < live.opensAt;
    // A gate that is not admitting has no rate to estimate from, whatever it admitted a minute ago.
    const rate = live.state === 'OPEN' ? admissionRate(live.admittedInWindow, live.oldestAdmission, now) : null;
    return this.viewOf(ticket, now, live.rank === null || hidden ? null : live.rank + 1, rate);
  }

  private viewOf(ticket: Ticket, now: number, position: number | null, rate: number | null): QueueTicketView {
    const status = statusAt(ticket, new Date(now));
    return {
      token: this.deps.tokens.sign({ gateId: ticket.gateId, ticketId: ticket.id, userId: ticket.userId }),
      ticket, status,
      position: status === 'WAITING' ? position : null,
      estimatedWaitSeconds: status === 'ACTIVE' ? 0 : status === 'WAITING' ? estimatedWaitSeconds(position, rate) : null,
      admittedAt: ticket.admittedAt,
      expiresAt: status === 'WAITING' ? null : ticket.endedAt ?? ticket.expiresAt,
    };
  }

  /** Postgres's view of a ticket, when Redis cannot answer (or no longer holds an old ticket); one snapshot, so position and rate agree. */
  private async fromPostgres(claims: QueueTokenClaims, now: number): Promise<QueueTicketView | null> {
    const { tickets } = this.deps;
    const read = await this.deps.transactions.withTransaction(async (tx) => {
      const ticket = await tickets.byId(tx, claims.ticketId);
      if (!ticket || ticket.status !== 'WAITING') return { ticket, ahead: 0, counts: null };
      const [ahead, counts] = await Promise.all([tickets.ahead(tx, ticket), tickets.counts(tx, ticket.gateId, new Date(now))]);
      return { ticket, ahead, counts };
    }, { readOnlySnapshot: true });
    const { ticket, ahead, counts } = read;
    if (!ticket || ticket.userId !== claims.userId || ticket.gateId !== claims.gateId) return null;
    if (ticket.status !== 'WAITING' || !counts) return this.viewOf(ticket, now, null, null);
    const gate = await this.cachedGate(ticket.gateId);
    const hidden = gate?.fairness === 'RANDOM_PREQUEUE' && gate.opensAt !== null && now < gate.opensAt.getTime();
    return this.viewOf(ticket, now, hidden ? null : ahead + 1, admissionRate(counts.admittedLastMinute, counts.oldestAdmission, now));
  }

  private async cachedGate(id: string): Promise<Gate | null> {
    const cached = this.gateCache.get(id);
    if (cached && Date.now() - cached.at < GATE_CACHE_MS) return cached.gate;
    const gate = await this.deps.gates.load(this.deps.reads, id);
    this.gateCache.set(id, { gate, at: Date.now() });
    return gate;
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }

  private redisDown(err: unknown): void {
    if (Date.now() - this.warnedAt < 5_000) return;
    this.warnedAt = Date.now();
    this.deps.log.warn({ err: (err as Error).message }, 'waiting room: Redis unavailable (nobody new is admitted)');
  }
}

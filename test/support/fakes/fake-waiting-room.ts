import pino from 'pino';
import type { Tx } from '../../../src/shared/tx';
import { newId } from '../../../src/shared/ids';
import type { Gate, NewGate } from '../../../src/modules/waiting-room/domain/gate';
import { createGate } from '../../../src/modules/waiting-room/commands/create-gate/create-gate.handler';
import type { CreateGateInput } from '../../../src/modules/waiting-room/commands/create-gate/create-gate.input';
import type { Ticket } from '../../../src/modules/waiting-room/domain/ticket';
import type { GateStore } from '../../../src/modules/waiting-room/stores/gate.store';
import type { TicketMoveRecord, TicketStore } from '../../../src/modules/waiting-room/stores/ticket.store';
import { JournalWriter } from '../../../src/modules/waiting-room/journal-writer';
import { QueueTokens } from '../../../src/modules/waiting-room/queue-token';
import { WaitingRoom } from '../../../src/modules/waiting-room/waiting-room';
import { FakeLiveQueue } from './fake-live-queue';
import { FakeTx, mapParticipant, statement, type Participant } from './fake-transactions';
import type { FakeWorld } from './world';

/** waiting_room_gates: insert is `on conflict do nothing` (id, performance_id and product_id are unique). */
export class FakeGates implements GateStore, Participant {
  readonly rows = new Map<string, Gate>();
  private readonly saved = mapParticipant(this.rows);
  private races: Array<Partial<Gate>> = [];
  /** Edits "committed by another admin" during the current transaction: a rollback of ours must not undo them. */
  private foreign: Array<{ id: string; edit: Partial<Gate> }> = [];

  /** The next update loses a race: just before it, another admin's edit (its version too) commits on the row. */
  raceNextUpdate(edit: Partial<Gate>): this {
    this.races.push(edit);
    return this;
  }

  insert(tx: Tx, g: Gate) {
    return statement(tx, 'gates.insert', () => {
      if ((g.performanceId === null) === (g.productId === null)) throw new Error('new row for relation "waiting_room_gates" violates check constraint');
      const clash = [...this.rows.values()].some((x) => x.id === g.id || (g.performanceId && x.performanceId === g.performanceId) || (g.productId && x.productId === g.productId));
      if (clash) return false;
      this.rows.set(g.id, structuredClone(g));
      return true;
    });
  }
  load(tx: Tx, id: string) {
    return statement(tx, 'gates.load', () => this.rows.get(id) ?? null);
  }
  update(tx: Tx, fromVersion: number, g: Gate) {
    return statement(tx, 'gates.update', () => {
      const race = this.races.shift();
      if (race) {
        Object.assign(this.rows.get(g.id)!, race);
        this.foreign.push({ id: g.id, edit: race });
      }
      const row = this.rows.get(g.id);
      if (!row || row.version !== fromVersion) return false;
      // The columns pgGates.update sets.
      Object.assign(row, { state: g.state, maxActive: g.maxActive, admitPerMinute: g.admitPerMinute, version: g.version, updatedAt: new Date(g.updatedAt) });
      return true;
    });
  }
  ofResource(tx: Tx, resource: { performanceId?: string; productId?: string }) {
    return statement(tx, 'gates.ofResource', () => [...this.rows.values()].find((g) =>
      resource.performanceId ? g.performanceId === resource.performanceId : resource.productId ? g.productId === resource.productId : false) ?? null);
  }
  all(tx: Tx) {
    return statement(tx, 'gates.all', () => [...this.rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));
  }
  snapshot() {
    this.foreign = []; // taken at BEGIN: what came before is in it
    return this.saved.snapshot();
  }
  restore(s: unknown) {
    this.saved.restore(s);
    for (const { id, edit } of this.foreign) Object.assign(this.rows.get(id)!, edit);
  }
}

const byOrder = (a: Ticket, b: Ticket) => a.orderKey - b.orderKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** waiting_room_ticket_events (the set of ticket/version moves) and waiting_room_tickets (latest version wins). */
export class FakeTickets implements TicketStore, Participant {
  readonly rows = new Map<string, Ticket>();
  readonly moves = new Map<string, string>();
  private readonly saved = [mapParticipant(this.rows), mapParticipant(this.moves)];

  constructor(private readonly gates: FakeGates) {}

  record(tx: Tx, moves: readonly TicketMoveRecord[]) {
    return statement(tx, 'tickets.record', () => {
      const unique = [...new Map(moves.map((m) => [`${m.ticket.id}/${m.ticket.version}`, m])).values()];
      if (unique.some((m) => !this.gates.rows.has(m.ticket.gateId))) throw new Error('violates foreign key constraint "waiting_room_tickets_gate_id_fkey"');
      const fresh = unique.filter((m) => !this.moves.has(`${m.ticket.id}/${m.ticket.version}`));
      for (const m of fresh) this.moves.set(`${m.ticket.id}/${m.ticket.version}`, m.move);
      for (const m of unique) {
        const row = this.rows.get(m.ticket.id);
        if (!row || row.version < m.ticket.version) this.rows.set(m.ticket.id, structuredClone(m.ticket));
      }
      return fresh.sort((a, b) => a.at.getTime() - b.at.getTime());
    });
  }
  forRebuild(tx: Tx, gateId: string, admittedSince: Date) {
    return statement(tx, 'tickets.forRebuild', () => {
      const mine = this.ofGate(gateId);
      return {
        tickets: mine.filter((t) => t.status !== 'EXPIRED' || (t.admittedAt !== null && t.admittedAt > admittedSince)).sort(byOrder),
        seq: Math.max(0, ...mine.map((t) => t.seq)),
        admittedNo: Math.max(0, ...mine.filter((t) => t.admittedAt !== null).map((t) => t.admittedNo ?? 0)),
      };
    });
  }
  byId(tx: Tx, id: string) {
    return statement(tx, 'tickets.byId', () => this.rows.get(id) ?? null);
  }
  ahead(tx: Tx, t: Ticket) {
    return statement(tx, 'tickets.ahead', () => this.ofGate(t.gateId).filter((x) => x.status === 'WAITING' && byOrder(x, t) < 0).length);
  }
  counts(tx: Tx, gateId: string, now: Date) {
    return statement(tx, 'tickets.counts', () => {
      const mine = this.ofGate(gateId);
      const live = mine.filter((t) => t.status !== 'EXPIRED');
      const recent = mine.filter((t) => t.admittedAt !== null && t.admittedAt.getTime() > now.getTime() - 60_000).map((t) => t.admittedAt!.getTime());
      return {
        waiting: live.filter((t) => t.status === 'WAITING').length,
        active: live.filter((t) => t.status === 'ACTIVE' && t.expiresAt !== null && t.expiresAt > now).length,
        admittedLastMinute: recent.length, oldestAdmission: recent.length > 0 ? Math.min(...recent) : null,
      };
    });
  }
  ofGate(gateId: string): Ticket[] {
    return [...this.rows.values()].filter((t) => t.gateId === gateId);
  }
  snapshot() {
    return this.saved.map((s) => s.snapshot());
  }
  restore(s: unknown) {
    this.saved.forEach((p, i) => p.restore((s as unknown[])[i]));
  }
}

export interface FakeRoom {
  room: WaitingRoom;
  gates: FakeGates;
  tickets: FakeTickets;
  live: FakeLiveQueue;
  tokens: QueueTokens;
  /** Postgres's side (gates, tickets, the world's outbox …): compare two to prove nothing was written. */
  state(): unknown;
}

/**
 * A real WaitingRoom and JournalWriter on fakes: the world's transactions and outbox, fake gate
 * and ticket stores, FakeLiveQueue for Redis. `reads` (autocommit reads outside any
 * transaction) is a FakeTx that is never closed.
 */
export function fakeWaitingRoom(w: FakeWorld): FakeRoom {
  const gates = new FakeGates();
  const tickets = new FakeTickets(gates);
  const live = new FakeLiveQueue();
  w.transactions.register(gates, tickets);
  const tokens = new QueueTokens('unit-spec-queue-token-secret-0123456789');
  const room = new WaitingRoom({
    transactions: w.transactions, clock: w.clock, outbox: w.outbox, idempotency: w.idempotency,
    gates, tickets, live: live.asLiveQueue(), journal: new JournalWriter(w.transactions, w.outbox, tickets, live.asLiveQueue()),
    tokens, reads: new FakeTx(0), log: pino({ level: 'silent' }),
  });
  return { room, gates, tickets, live, tokens, state: () => ({ world: w.state(), gates: gates.snapshot(), tickets: tickets.snapshot() }) };
}

/** Given: a gate made by createGate in front of a new performance (one slot, 600 a minute, unless told). */
export async function givenGate(r: FakeRoom, input: Partial<NewGate> = {}): Promise<Gate> {
  const performanceId = input.productId ? null : newId();
  return (await createGate(r.room, { performanceId, maxActive: 1, admitPerMinute: 600, ...input } as CreateGateInput)).gate;
}

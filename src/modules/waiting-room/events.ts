import { makeEvent, type DomainEvent } from '../../shared/event';
import { eventSchema, type EventSchema } from '../../shared/event-schema';
import type { EndReason, Ticket } from './domain/ticket';
import type { Fairness, Gate, GateState } from './domain/gate';

export const GATE_AGGREGATE = 'Gate';
export const TICKET_AGGREGATE = 'QueueTicket';

export interface GateSnapshot {
  performanceId: string | null;
  productId: string | null;
  state: GateState;
  fairness: Fairness;
  maxActive: number;
  admitPerMinute: number;
  activeTtlSeconds: number;
  heartbeatGraceSeconds: number;
  prequeueOpensAt: string | null;
  opensAt: string | null;
}

export type GateCreated = DomainEvent<'GateCreated', GateSnapshot>;
export type GateUpdated = DomainEvent<'GateUpdated', GateSnapshot & { changed: string[] }>;

interface TicketRef {
  gateId: string;
  ticketId: string;
  userId: string;
}
export type QueueEntered = DomainEvent<'QueueEntered', TicketRef & { seq: number; orderKey: number; prequeued: boolean; enteredAt: string }>;
export type QueueTicketAdmitted = DomainEvent<'QueueTicketAdmitted', TicketRef & { admittedNo: number; admittedAt: string; expiresAt: string }>;
export type QueueTicketExtended = DomainEvent<'QueueTicketExtended', TicketRef & { expiresAt: string }>;
export type QueueTicketExpired = DomainEvent<'QueueTicketExpired', TicketRef & { reason: EndReason; endedAt: string }>;

export type WaitingRoomEvent = GateCreated | GateUpdated | QueueEntered | QueueTicketAdmitted | QueueTicketExtended | QueueTicketExpired;

const gateFields = {
  performanceId: { nullable: 'uuid' }, productId: { nullable: 'uuid' },
  state: { enum: ['OPEN', 'PAUSED', 'CLOSED'] }, fairness: { enum: ['FIFO', 'RANDOM_PREQUEUE'] },
  maxActive: 'integer', admitPerMinute: 'integer', activeTtlSeconds: 'integer', heartbeatGraceSeconds: 'integer',
  prequeueOpensAt: { nullable: 'datetime' }, opensAt: { nullable: 'datetime' },
} as const;
const ref = { gateId: 'uuid', ticketId: 'uuid', userId: 'uuid' } as const;

/** What the waiting room's events look like on the wire (checked against every outbox row the tests write). */
export const waitingRoomEventSchemas: EventSchema[] = [
  eventSchema<GateCreated>({ type: 'GateCreated', schemaVersion: 1, aggregateType: GATE_AGGREGATE, data: gateFields }),
  eventSchema<GateUpdated>({ type: 'GateUpdated', schemaVersion: 1, aggregateType: GATE_AGGREGATE, data: { ...gateFields, changed: { list: 'string' } } }),
  eventSchema<QueueEntered>({
    type: 'QueueEntered', schemaVersion: 1, aggregateType: TICKET_AGGREGATE,
    data: { ...ref, seq: 'integer', orderKey: 'integer', prequeued: 'boolean', enteredAt: 'datetime' },
  }),
  eventSchema<QueueTicketAdmitted>({
    type: 'QueueTicketAdmitted', schemaVersion: 1, aggregateType: TICKET_AGGREGATE,
    data: { ...ref, admittedNo: 'integer', admittedAt: 'datetime', expiresAt: 'datetime' },
  }),
  eventSchema<QueueTicketExtended>({ type: 'QueueTicketExtended', schemaVersion: 1, aggregateType: TICKET_AGGREGATE, data: { ...ref, expiresAt: 'datetime' } }),
  eventSchema<QueueTicketExpired>({
    type: 'QueueTicketExpired', schemaVersion: 1, aggregateType: TICKET_AGGREGATE,
    data: { ...ref, reason: { enum: ['TTL', 'HEARTBEAT', 'COMPLETED', 'LEFT'] }, endedAt: 'datetime' },
  }),
];

export function gateSnapshot(gate: Gate): GateSnapshot {
  return {
    performanceId: gate.performanceId, productId: gate.productId, state: gate.state, fairness: gate.fairness,
    maxActive: gate.maxActive, admitPerMinute: gate.admitPerMinute, activeTtlSeconds: gate.activeTtlSeconds,
    heartbeatGraceSeconds: gate.heartbeatGraceSeconds,
    prequeueOpensAt: gate.prequeueOpensAt?.toISOString() ?? null, opensAt: gate.opensAt?.toISOString() ?? null,
  };
}

export const gateCreated = (gate: Gate, now: Date): GateCreated =>
  makeEvent<'GateCreated', GateSnapshot>('GateCreated', { type: GATE_AGGREGATE, id: gate.id, version: gate.version }, now, gateSnapshot(gate));

export const gateUpdated = (gate: Gate, changed: string[], now: Date): GateUpdated =>
  makeEvent<'GateUpdated', GateUpdated['data']>('GateUpdated', { type: GATE_AGGREGATE, id: gate.id, version: gate.version }, now, { ...gateSnapshot(gate), changed });

export type TicketMove = 'ENTERED' | 'ADMITTED' | 'EXTENDED' | 'EXPIRED';

/** The event of one move of a ticket, given the ticket as it was right after the move. */
export function ticketEvent(move: TicketMove, t: Ticket, at: Date): WaitingRoomEvent {
  const aggregate = { type: TICKET_AGGREGATE, id: t.id, version: t.version };
  const ref: TicketRef = { gateId: t.gateId, ticketId: t.id, userId: t.userId };
  const iso = (d: Date | null) => (d ?? at).toISOString();
  switch (move) {
    case 'ENTERED':
      return makeEvent<'QueueEntered', QueueEntered['data']>('QueueEntered', aggregate, at, {
        ...ref, seq: t.seq, orderKey: t.orderKey, prequeued: t.prequeued, enteredAt: t.enteredAt.toISOString(),
      });
    case 'ADMITTED':
      return makeEvent<'QueueTicketAdmitted', QueueTicketAdmitted['data']>('QueueTicketAdmitted', aggregate, at, {
        ...ref, admittedNo: t.admittedNo ?? 0, admittedAt: iso(t.admittedAt), expiresAt: iso(t.expiresAt),
      });
    case 'EXTENDED':
      return makeEvent<'QueueTicketExtended', QueueTicketExtended['data']>('QueueTicketExtended', aggregate, at, { ...ref, expiresAt: iso(t.expiresAt) });
    case 'EXPIRED':
      return makeEvent<'QueueTicketExpired', QueueTicketExpired['data']>('QueueTicketExpired', aggregate, at, {
        ...ref, reason: t.endReason ?? 'TTL', endedAt: iso(t.endedAt),
      });
  }
}

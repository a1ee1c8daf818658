import { makeEvent, type DomainEvent } from '../../shared/event';
import { eventSchema, type EventSchema } from '../../shared/event-schema';
import type { GradeRange, Performance, TicketedEvent } from './domain/performance';
import type { Reservation, ReservationStatus, ReservedSeat } from './domain/reservation';

export const EVENT_AGGREGATE = 'TicketedEvent';
export const PERFORMANCE_AGGREGATE = 'Performance';
/** Seat holds and sales are events of the Reservation (aggregateVersion = its version): no hot performance row. */
export const RESERVATION_AGGREGATE = 'Reservation';

export type TicketedEventCreated = DomainEvent<'TicketedEventCreated', { name: string; description: string; venue: string; category: string; createdAt: string }>;
export type PerformanceCreated = DomainEvent<'PerformanceCreated', {
  eventId: string; startsAt: string; salesOpenAt: string; grades: GradeRange[]; seatCount: number; maxSeatsPerUser: number; holdSeconds: number;
}>;
interface ReservationData {
  performanceId: string; userId: string; status: ReservationStatus; previousStatus: ReservationStatus | null; seats: ReservedSeat[]; total: number;
}
export type SeatsHeld = DomainEvent<'SeatsHeld', ReservationData & { expiresAt: string }>;
export type ReservationPaid = DomainEvent<'ReservationPaid', ReservationData & { paymentId: string; paidAt: string }>;
/** The seats are free again: released, expired (announced by the sweeper) or cancelled with a refund. */
export type SeatsReleased = DomainEvent<'SeatsReleased', ReservationData & { refundedAmount: number }>;
export type TicketingEvent = TicketedEventCreated | PerformanceCreated | SeatsHeld | ReservationPaid | SeatsReleased;

export function ticketedEventCreated(e: TicketedEvent): TicketedEventCreated {
  return makeEvent<'TicketedEventCreated', TicketedEventCreated['data']>('TicketedEventCreated', { type: EVENT_AGGREGATE, id: e.id, version: 1 }, e.createdAt, {
    name: e.name, description: e.description, venue: e.venue, category: e.category, createdAt: e.createdAt.toISOString(),
  });
}

export function performanceCreated(p: Performance): PerformanceCreated {
  return makeEvent<'PerformanceCreated', PerformanceCreated['data']>('PerformanceCreated', { type: PERFORMANCE_AGGREGATE, id: p.id, version: 1 }, p.createdAt, {
    eventId: p.eventId, startsAt: p.startsAt.toISOString(), salesOpenAt: p.salesOpenAt.toISOString(), grades: p.grades,
    seatCount: p.seatCount, maxSeatsPerUser: p.maxSeatsPerUser, holdSeconds: p.holdSeconds,
  });
}

const data = (r: Reservation, previousStatus: ReservationStatus | null): ReservationData => ({
  performanceId: r.performanceId, userId: r.userId, status: r.status, previousStatus, seats: r.seats, total: r.total,
});
const aggregate = (r: Reservation) => ({ type: RESERVATION_AGGREGATE, id: r.id, version: r.version });

export const seatsHeld = (r: Reservation, now: Date): SeatsHeld =>
  makeEvent<'SeatsHeld', SeatsHeld['data']>('SeatsHeld', aggregate(r), now, { ...data(r, null), expiresAt: r.expiresAt });

export const reservationPaid = (r: Reservation, now: Date): ReservationPaid =>
  makeEvent<'ReservationPaid', ReservationPaid['data']>('ReservationPaid', aggregate(r), now, { ...data(r, 'HELD'), paymentId: r.paymentId!, paidAt: r.paidAt! });

export const seatsReleased = (r: Reservation, previousStatus: ReservationStatus, refundedAmount: number, now: Date): SeatsReleased =>
  makeEvent<'SeatsReleased', SeatsReleased['data']>('SeatsReleased', aggregate(r), now, { ...data(r, previousStatus), refundedAmount });

const STATUSES = ['HELD', 'PAID', 'EXPIRED', 'RELEASED', 'CANCELLED'] as const;
const reservationData = {
  performanceId: 'uuid', userId: 'uuid', status: { enum: STATUSES }, previousStatus: { nullable: { enum: STATUSES } },
  seats: { list: { object: { number: 'integer', grade: 'string', price: 'integer' } } }, total: 'integer',
} as const;

/** The wire shape of every ticketing event (checked against every outbox row the tests write). */
export const ticketingEventSchemas: EventSchema[] = [
  eventSchema<TicketedEventCreated>({
    type: 'TicketedEventCreated', schemaVersion: 1, aggregateType: EVENT_AGGREGATE,
    data: { name: 'string', description: 'string', venue: 'string', category: 'string', createdAt: 'datetime' },
  }),
  eventSchema<PerformanceCreated>({
    type: 'PerformanceCreated', schemaVersion: 1, aggregateType: PERFORMANCE_AGGREGATE,
    data: {
      eventId: 'uuid', startsAt: 'datetime', salesOpenAt: 'datetime', seatCount: 'integer', maxSeatsPerUser: 'integer', holdSeconds: 'integer',
      grades: { list: { object: { name: 'string', price: 'integer', seats: 'integer', firstSeat: 'integer', lastSeat: 'integer' } } },
    },
  }),
  eventSchema<SeatsHeld>({ type: 'SeatsHeld', schemaVersion: 1, aggregateType: RESERVATION_AGGREGATE, data: { ...reservationData, expiresAt: 'datetime' } }),
  eventSchema<ReservationPaid>({
    type: 'ReservationPaid', schemaVersion: 1, aggregateType: RESERVATION_AGGREGATE, data: { ...reservationData, paymentId: 'uuid', paidAt: 'datetime' },
  }),
  eventSchema<SeatsReleased>({
    type: 'SeatsReleased', schemaVersion: 1, aggregateType: RESERVATION_AGGREGATE, data: { ...reservationData, refundedAmount: 'integer' },
  }),
];

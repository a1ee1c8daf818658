import type { DomainEvent } from '../../shared/event';
import { EXPORT_CONSUMER } from './failed-exports.store';

/** The fields of OrderPaid (see the brief's event contract) that the data platform receives. */
export interface OrderPaidData {
  userId: string;
  paymentId: string;
  amount: number;
  paidAt: string;
  items: Array<{ productId: string; productName: string; unitPrice: number; quantity: number; lineTotal: number }>;
}

/** Body of one POST to the data platform. Versioned: the platform may keep old rows around. */
export interface OrderPaidExport {
  eventId: string;
  eventType: 'OrderPaid';
  schemaVersion: 1;
  occurredAt: string;
  order: {
    id: string;
    userId: string;
    status: 'PAID';
    paymentId: string;
    amount: number;
    paidAt: string;
    items: OrderPaidData['items'];
  };
}

/**
 * Built from the event alone (no read of the order table): the platform learns the order as it
 * was paid, even if it is cancelled before the export runs.
 */
export function orderPaidExport(event: DomainEvent): OrderPaidExport {
  const data = event.data as OrderPaidData;
  if (event.type !== 'OrderPaid' || typeof data?.userId !== 'string' || !Array.isArray(data.items)) {
    throw new MalformedEventError(`event ${event.id} is not an OrderPaid event`);
  }
  return {
    eventId: event.id,
    eventType: 'OrderPaid',
    schemaVersion: 1,
    occurredAt: event.occurredAt,
    order: {
      id: event.aggregateId,
      userId: data.userId,
      status: 'PAID',
      paymentId: data.paymentId,
      amount: data.amount,
      paidAt: data.paidAt,
      items: data.items.map(({ productId, productName, unitPrice, quantity, lineTotal }) => ({
        productId, productName, unitPrice, quantity, lineTotal,
      })),
    },
  };
}

/** The fields of ticketing's ReservationPaid (docs/events.md) that the data platform receives. */
export interface ReservationPaidData {
  performanceId: string;
  userId: string;
  paymentId: string;
  paidAt: string;
  total: number;
  seats: Array<{ number: number; grade: string; price: number }>;
}

export interface ReservationPaidExport {
  eventId: string;
  eventType: 'ReservationPaid';
  schemaVersion: 1;
  occurredAt: string;
  reservation: {
    id: string;
    performanceId: string;
    userId: string;
    status: 'PAID';
    paymentId: string;
    amount: number;
    paidAt: string;
    seats: ReservationPaidData['seats'];
  };
}

/** A paid reservation as it was paid, from the event alone (as for orders). */
export function reservationPaidExport(event: DomainEvent): ReservationPaidExport {
  const data = event.data as ReservationPaidData;
  if (event.type !== 'ReservationPaid' || typeof data?.userId !== 'string' || !Array.isArray(data.seats)) {
    throw new MalformedEventError(`event ${event.id} is not a ReservationPaid event`);
  }
  return {
    eventId: event.id,
    eventType: 'ReservationPaid',
    schemaVersion: 1,
    occurredAt: event.occurredAt,
    reservation: {
      id: event.aggregateId,
      performanceId: data.performanceId,
      userId: data.userId,
      status: 'PAID',
      paymentId: data.paymentId,
      amount: data.total,
      paidAt: data.paidAt,
      seats: data.seats.map(({ number, grade, price }) => ({ number, grade, price })),
    },
  };
}

/**
 * What goes to the data platform: one durable consumer per paid-event subject (nats-server 2.9
 * takes one filter subject per consumer). Deliveries of all feeds are remembered under one name
 * in processed_events (event ids are unique), so a parked export of either is retried the same way.
 */
export interface ExportFeed {
  consumer: string;
  /** Below the stream's subject prefix: `<AggregateType>.<EventType>`. */
  subject: string;
  payload(event: DomainEvent): unknown;
}

export const EXPORT_FEEDS: readonly ExportFeed[] = [
  { consumer: EXPORT_CONSUMER, subject: 'Order.OrderPaid', payload: orderPaidExport },
  { consumer: 'data-platform-export-reservations', subject: 'Reservation.ReservationPaid', payload: reservationPaidExport },
];

export class MalformedEventError extends Error {}

import type { DomainEvent } from '../../shared/event';

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

export class MalformedEventError extends Error {}

import { makeEvent } from '../../shared/event';
import { newId } from '../../shared/ids';
import { orderPaidExport, reservationPaidExport, MalformedEventError } from './export-payload';
import { exportBackoffMs } from './data-platform-exporter';

describe('orderPaidExport', () => {
  it('carries the order as paid, keyed by the event id, without extra fields', () => {
    const orderId = newId();
    const at = new Date('2026-01-01T00:00:00Z');
    const line = { productId: newId(), productName: 'Keyboard', unitPrice: 25_000, quantity: 2, lineTotal: 50_000 };
    const items = [{ ...line, internalNote: 'not for the platform' }];
    const event = makeEvent('OrderPaid', { type: 'Order', id: orderId, version: 2 }, at, {
      userId: 'u', previousStatus: 'PENDING', status: 'PAID', paymentId: 'p', amount: 50_000, paidAt: at.toISOString(), items,
    });
    const body = orderPaidExport(event);
    expect(body).toEqual({
      eventId: event.id, eventType: 'OrderPaid', schemaVersion: 1, occurredAt: at.toISOString(),
      order: { id: orderId, userId: 'u', status: 'PAID', paymentId: 'p', amount: 50_000, paidAt: at.toISOString(), items: [line] },
    });
  });

  it('refuses anything that is not an OrderPaid', () => {
    const other = makeEvent('OrderPlaced', { type: 'Order', id: newId(), version: 1 }, new Date(), { userId: 'u', items: [] });
    expect(() => orderPaidExport(other)).toThrow(MalformedEventError);
  });
});

describe('reservationPaidExport', () => {
  it('carries the reservation as paid: its seats and the amount debited', () => {
    const [id, performanceId] = [newId(), newId()];
    const at = new Date('2026-01-01T00:00:00Z');
    const seats = [{ number: 7, grade: 'R', price: 80_000 }, { number: 8, grade: 'R', price: 80_000 }];
    const event = makeEvent('ReservationPaid', { type: 'Reservation', id, version: 2 }, at, {
      performanceId, userId: 'u', status: 'PAID', previousStatus: 'HELD', seats, total: 160_000, paymentId: 'p', paidAt: at.toISOString(),
    });
    expect(reservationPaidExport(event)).toEqual({
      eventId: event.id, eventType: 'ReservationPaid', schemaVersion: 1, occurredAt: at.toISOString(),
      reservation: { id, performanceId, userId: 'u', status: 'PAID', paymentId: 'p', amount: 160_000, paidAt: at.toISOString(), seats },
    });
    expect(() => reservationPaidExport(makeEvent('SeatsHeld', { type: 'Reservation', id, version: 1 }, at, { userId: 'u', seats }))).toThrow(MalformedEventError);
  });
});

describe('exportBackoffMs', () => {
  it('doubles from the base and is capped at five minutes', () => {
    expect([1, 2, 3, 4].map((n) => exportBackoffMs(n, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(exportBackoffMs(30, 1_000)).toBe(300_000);
  });
});

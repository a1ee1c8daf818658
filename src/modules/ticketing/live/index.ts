import { ReservationStatusChangedResolver } from './reservation-status-changed.resolver';
import { SeatsChangedResolver } from './seats-changed.resolver';

/** Live seat maps and reservation status over graphql-ws, fed by TicketingFanout (start one per API process). */
export const ticketingSubscriptionResolvers = [SeatsChangedResolver, ReservationStatusChangedResolver] as const;

export { TicketingFanout, SEATS_CHANGED, RESERVATION_STATUS_CHANGED } from './ticketing-fanout';
export { reservationStatusStream } from './reservation-status-stream';
export { seatsChangedStream } from './seats-changed-stream';
export { ReservationStatusChangeType, type ReservationStatusChangePayload, type SeatsChangePayload } from './ticketing-live.types';
export { SeatsChangedResolver, ReservationStatusChangedResolver };

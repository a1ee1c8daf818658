import type { WriteDeps } from '../../shared/write-deps';
import { pgWallets, type WalletStore } from '../wallet';
import type { QueueAdmission } from '../waiting-room';
import { pgEvents, type EventStore } from './stores/event.store';
import { pgReservations, type ReservationStore } from './stores/reservation.store';
import { pgSeats, type SeatStore } from './stores/seat.store';

/** The ports ticketing's handlers run on (real stores in the app, in-memory fakes in unit specs). */
export interface TicketingDeps extends WriteDeps {
  events: EventStore;
  seats: SeatStore;
  reservations: ReservationStore;
  wallets: WalletStore;
  /** The waiting room in front of gated performances; null where none runs (every performance ungated). */
  admission: QueueAdmission | null;
}

export const ticketingDeps = (write: WriteDeps, admission: QueueAdmission | null): TicketingDeps => ({
  ...write, events: pgEvents, seats: pgSeats, reservations: pgReservations, wallets: pgWallets, admission,
});

/** The deps for a request: the app's write ports and the waiting room, if this process runs one. */
export const ticketingDepsOf = (services: { write: WriteDeps; queueAdmission?: QueueAdmission | null }): TicketingDeps =>
  ticketingDeps(services.write, services.queueAdmission ?? null);

import type { WriteDeps } from '../../shared/write-deps';
import { pgWallets, type WalletStore } from '../wallet';
import { queueAdmissionIn, type QueueAdmission } from '../waiting-room';
import type { Services } from '../../graphql/context';
import { pgEvents, type EventStore } from './stores/event.store';
import { pgReservations, type ReservationStore } from './stores/reservation.store';
import { pgSeats, type SeatStore } from './stores/seat.store';
import { pgWaitlist, type WaitlistStore } from './waitlist/waitlist.store';

/** The ports ticketing's handlers run on (real stores in the app, in-memory fakes in unit specs). */
export interface TicketingDeps extends WriteDeps {
  events: EventStore;
  seats: SeatStore;
  reservations: ReservationStore;
  waitlist: WaitlistStore;
  wallets: WalletStore;
  /** The waiting room in front of gated performances; null where none runs (every performance ungated). */
  admission: QueueAdmission | null;
}

export const ticketingDeps = (write: WriteDeps, admission: QueueAdmission | null): TicketingDeps => ({
  ...write, events: pgEvents, seats: pgSeats, reservations: pgReservations, waitlist: pgWaitlist, wallets: pgWallets, admission,
});

/** What ticketing takes from the app's services; `queueAdmission` overrides the waiting room (specs). */
export type TicketingServices = Pick<Services, 'write'> & Partial<Pick<Services, 'modules'>> & { queueAdmission?: QueueAdmission | null };

/** The waiting room in front of gated performances: the app's waiting-room module, or null where none is wired. */
export const queueAdmissionOf = (services: Omit<TicketingServices, 'write'>): QueueAdmission | null => {
  if (services.queueAdmission !== undefined) return services.queueAdmission;
  return queueAdmissionIn(services);
};

/** The deps for a request: the app's write ports and the waiting room. */
export const ticketingDepsOf = (services: TicketingServices): TicketingDeps => ticketingDeps(services.write, queueAdmissionOf(services));

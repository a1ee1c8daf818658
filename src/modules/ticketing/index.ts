import type { StampedeModule } from '../module';
import { CreateEventResolver } from './commands/create-event/create-event.resolver';
import { CreatePerformanceResolver } from './commands/create-performance/create-performance.resolver';
import { HoldSeatsResolver } from './commands/hold-seats/hold-seats.resolver';
import { PayReservationResolver } from './commands/pay-reservation/pay-reservation.resolver';
import { ReleaseReservationResolver } from './commands/release-reservation/release-reservation.resolver';
import { CancelReservationResolver } from './commands/cancel-reservation/cancel-reservation.resolver';
import { TicketingErrorCode } from './domain/ticketing-errors';
import { ticketingEventSchemas } from './events';
import { ReservationSweeper } from './expiry/reservation-sweeper';
import { JoinWaitlistResolver } from './commands/join-waitlist/join-waitlist.resolver';
import { offerFreedSeats } from './waitlist/offer-freed-seats';
import { Migration0111Waitlist } from './migrations/0111-waitlist';
import { Migration0110Ticketing } from './migrations/0110-ticketing';
import { ticketingDepsOf } from './ticketing.deps';
import { ticketingQueryResolvers } from './queries';
import { TicketingFanout, ticketingSubscriptionResolvers } from './live';
import { createSeatMapProjection } from '../../../projections/seat-map';

/** Ticketed events: performances with numbered seats, all-or-nothing holds, payment from the wallet. */
const ticketing: StampedeModule = {
  name: 'ticketing',
  resolvers: [
    CreateEventResolver, CreatePerformanceResolver, HoldSeatsResolver, PayReservationResolver, ReleaseReservationResolver, CancelReservationResolver, JoinWaitlistResolver,
    ...ticketingQueryResolvers, ...ticketingSubscriptionResolvers,
  ],
  migrations: [{ name: '0110-ticketing', class: Migration0110Ticketing }, { name: '0111-waitlist', class: Migration0111Waitlist }],
  errorCodes: TicketingErrorCode,
  events: ticketingEventSchemas,
  projections: (pool, cache) => [createSeatMapProjection(pool, cache)],
  roles: {
    // seatsChanged / reservationStatusChanged: every API process follows the reservation events itself.
    api: async ({ services, nats, log }) => {
      const fanout = new TicketingFanout(nats, services.pubSub, services.pool, log.child({ component: 'ticketing-fanout' }));
      await fanout.start();
      return () => fanout.stop();
    },
    worker: async ({ services, log }) => {
      const deps = ticketingDepsOf(services);
      const sweeper = new ReservationSweeper(deps, log.child({ component: 'reservation-sweeper' }), undefined, () => offerFreedSeats(deps));
      sweeper.start();
      return () => sweeper.stop();
    },
  },
};
export { ticketing as module };

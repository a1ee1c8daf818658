import { EventQueryResolver } from './event.resolver';
import { PerformanceQueryResolver } from './performance.resolver';
import { ReservationQueryResolver } from './reservation.resolver';

/** Ticketing's query resolvers: events, event, performance (public, seat-map read model), myReservations, reservation (signed in). */
export const ticketingQueryResolvers = [EventQueryResolver, PerformanceQueryResolver, ReservationQueryResolver] as const;

export { EventQueryResolver, PerformanceQueryResolver, ReservationQueryResolver };

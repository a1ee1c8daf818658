import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { ReservationStatusChangeType, type ReservationStatusChangePayload } from './ticketing-live.types';
import { reservationStatusStream } from './reservation-status-stream';

@Resolver()
export class ReservationStatusChangedResolver {
  @Authorized()
  @Subscription(() => ReservationStatusChangeType, {
    description: 'Your reservation\'s current status at once, then each change (anyone else: FORBIDDEN)',
    subscribe: ({ args, context }) => {
      const ctx = context as AppContext;
      return reservationStatusStream(ctx.services.pool, ctx.services.pubSub, ctx.user!, (args as { reservationId: string }).reservationId);
    },
  })
  reservationStatusChanged(
    @Root() change: ReservationStatusChangePayload, @Arg('reservationId', () => ID) _reservationId: string,
  ): ReservationStatusChangeType {
    return change;
  }
}

import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { SeatType } from '../queries/ticketing.types';
import type { SeatsChangePayload } from './ticketing-live.types';
import { seatsChangedStream } from './seats-changed-stream';

@Resolver()
export class SeatsChangedResolver {
  @Subscription(() => [SeatType], {
    description: 'On every hold, sale and release of the performance\'s seats: the seats whose status changed, with their status now',
    subscribe: ({ args, context }) => seatsChangedStream((context as AppContext).services.pubSub, (args as { performanceId: string }).performanceId),
  })
  seatsChanged(@Root() change: SeatsChangePayload, @Arg('performanceId', () => ID) _performanceId: string): SeatType[] {
    return change.seats;
  }
}

import { badInput } from '../../../graphql/connection';
import type { AppPubSub } from '../../../graphql/pubsub';
import { isId } from '../../../shared/ids';
import { SEATS_CHANGED } from './ticketing-fanout';
import type { SeatsChangePayload } from './ticketing-live.types';

/**
 * The stream behind `seatsChanged`: every seat change the fan-out publishes for the performance.
 * It listens from the moment it is returned (a PubSub Repeater would only start on its first
 * next(), losing what is published before the transport asks), and return() ends it at once.
 */
export function seatsChangedStream(pubSub: AppPubSub, performanceId: string): AsyncIterableIterator<SeatsChangePayload> {
  if (!isId(performanceId)) throw badInput('"performanceId" is not a performance id', 'performanceId');
  const live = pubSub.subscribe(SEATS_CHANGED, performanceId.toLowerCase());
  let pending: Promise<IteratorResult<SeatsChangePayload>> | null = live.next();
  const iterator: AsyncIterableIterator<SeatsChangePayload> = {
    async next() {
      const result = await (pending ?? live.next());
      pending = null;
      return result.done ? { done: true, value: undefined } : result;
    },
    async return() {
      await live.return();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

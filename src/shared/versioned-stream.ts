/**
 * The shape behind every "current state now, then each change" subscription: `current` first,
 * then each change from `live` whose version is newer than the last one sent (a change committed
 * between subscribing and reading `current` is neither lost nor sent twice). `first` is
 * `live.next()` already started, since a Repeater only listens from its first next(): start it
 * before reading `current`.
 *
 * A plain iterator rather than an async generator: return() must end a subscription that is
 * waiting for the next change at once (a generator would wait for that change first).
 * (ordering's order-status-stream and ticketing's reservation-status-stream have the same loop
 * inline and could use this.)
 */
export function versionedStream<T extends { version: number }>(
  current: T, live: AsyncIterator<T>, first: Promise<IteratorResult<T>> | null,
): AsyncIterableIterator<T> {
  let pending = first;
  let sentVersion = current.version;
  let sentCurrent = false;
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      if (!sentCurrent) {
        sentCurrent = true;
        return { done: false, value: current };
      }
      for (;;) {
        const result = await (pending ?? live.next());
        pending = null;
        if (result.done) return { done: true, value: undefined };
        if (result.value.version > sentVersion) {
          sentVersion = result.value.version;
          return result;
        }
      }
    },
    async return() {
      await live.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Group commit: items added while a flush is running wait and go together in the next one; an
 * item added while idle is flushed at once (no timer, so no added latency when quiet). Each
 * add() settles when the flush carrying its item did: resolves after it succeeded, rejects
 * with its error otherwise (the whole batch shares the outcome, as one statement does).
 */
export class GroupCommit<T> {
  private queue: Array<{ item: T; resolve: () => void; reject: (err: unknown) => void }> = [];
  private flushing = false;

  constructor(private readonly flush: (items: T[]) => Promise<void>, private readonly maxBatch = 500) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.flush(batch.map((b) => b.item));
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { QueueTicketView, WaitingRoom } from '../waiting-room';
import { CHANGES_PATTERN } from './queue-scripts';

export const WATCH_TICK_MS = 2_000;

interface Watcher {
  token: string;
  userId: string;
  queue: PushQueue<QueueTicketView>;
  last?: string;
}

/**
 * What feeds `queueTicketChanged` in one API process. Every open subscription is read (and so
 * heartbeats) every WATCH_TICK_MS; a WAITING ticket is sent on every read (its position and
 * ETA move), an ACTIVE one when it changed. Admissions and expiries come at once: the scripts
 * PUBLISH the ids of tickets they moved, and this process re-reads the ones it watches. EXPIRED
 * is the last message.
 */
export class TicketWatch {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  /** Tickets being re-read now, and those to read again after (so answers are sent in order). */
  private readonly reading = new Set<string>();
  private readonly again = new Set<string>();

  constructor(private readonly room: WaitingRoom, private readonly redis: Redis, private readonly log: Logger, private readonly tickMs = WATCH_TICK_MS) {}

  async start(): Promise<void> {
    if (this.subscriber) return;
    const subscriber = (this.subscriber = this.redis.duplicate({ enableOfflineQueue: true }));
    subscriber.on('error', () => undefined); // reconnects (and resubscribes) on its own
    subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) => {
      for (const id of message.split(',')) if (this.watchers.has(id)) void this.refresh(id);
    });
    await subscriber.psubscribe(CHANGES_PATTERN).catch((err: Error) => this.log.warn({ err: err.message }, 'queue change feed not subscribed yet'));
    this.timer = setInterval(() => {
      for (const id of this.watchers.keys()) void this.refresh(id);
    }, this.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const set of this.watchers.values()) for (const w of set) w.queue.end();
    this.watchers.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  /** The stream of one ticket: its state now, then its changes. Null when the token is not the user's. */
  async watch(token: string, userId: string): Promise<AsyncIterableIterator<QueueTicketView> | null> {
    const first = await this.room.ticket(token, userId);
    if (!first) return null;
    await this.start();
    const id = first.ticket.id;
    const watcher: Watcher = { token, userId, queue: new PushQueue(() => this.forget(id, watcher)), last: fingerprint(first) };
    watcher.queue.push(first);
    if (first.status === 'EXPIRED') {
      watcher.queue.end();
      return watcher.queue;
    }
    let set = this.watchers.get(id);
    if (!set) this.watchers.set(id, (set = new Set()));
    set.add(watcher);
    return watcher.queue;
  }

  private async refresh(ticketId: string): Promise<void> {
    if (this.reading.has(ticketId)) {
      this.again.add(ticketId);
      return;
    }
    this.reading.add(ticketId);
    try {
      await this.read(ticketId);
    } finally {
      this.reading.delete(ticketId);
      if (this.again.delete(ticketId)) void this.refresh(ticketId);
    }
  }

  private async read(ticketId: string): Promise<void> {
    const set = this.watchers.get(ticketId);
    const any = set?.values().next().value;
    if (!set || !any) return;
    let view: QueueTicketView | null;
    try {
      view = await this.room.ticket(any.token, any.userId);
    } catch {
      return; // Postgres and Redis both away: try again next tick
    }
    if (!view) return;
    const print = fingerprint(view);
    for (const w of set) {
      if (view.status === 'WAITING' || print !== w.last) {
        w.last = print;
        w.queue.push(view);
      }
      if (view.status === 'EXPIRED') w.queue.end();
    }
  }

  private forget(ticketId: string, watcher: Watcher): void {
    const set = this.watchers.get(ticketId);
    set?.delete(watcher);
    if (set?.size === 0) this.watchers.delete(ticketId);
  }
}

const fingerprint = (v: QueueTicketView) => `${v.status}|${v.position}|${v.estimatedWaitSeconds}|${v.expiresAt?.getTime()}`;

/**
 * A minimal push-to-pull async iterator: return() ends it at once, even while next() waits.
 * Keeps only the newest few unread values (a slow client gets the latest state, not a backlog).
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private values: T[] = [];
  private waiting: Array<(result: IteratorResult<T>) => void> = [];
  private done = false;

  constructor(private readonly onEnd: () => void, private readonly keep = 4) {}

  push(value: T): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) return waiter({ value, done: false });
    this.values.push(value);
    if (this.values.length > this.keep) this.values.shift();
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.onEnd();
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.values.length > 0) return Promise.resolve({ value: this.values.shift()!, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    this.values = [];
    this.end();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

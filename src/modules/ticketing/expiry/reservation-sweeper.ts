import type { Logger } from 'pino';
import { markReservationEnded } from '../domain/reservation';
import { seatsReleased } from '../events';
import type { TicketingDeps } from '../ticketing.deps';

/**
 * Worker role: announces expired holds. Holds stop blocking at expiresAt on their own (the
 * seat predicate checks held_until); the sweeper only marks the reservation EXPIRED, frees the
 * seats it still has and writes SeatsReleased, so read models and seatsChanged catch up.
 * FOR UPDATE SKIP LOCKED: any number of sweepers split the work; a reservation being paid
 * right now is skipped and looked at again next pass.
 */
export class ReservationSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly deps: TicketingDeps,
    private readonly log: Logger,
    private readonly options = { intervalMs: 1_000, batch: 200 },
    /** Runs after each pass (the waiting lists' offers: expiries free the seats they give out). */
    private readonly afterPass: () => Promise<unknown> = async () => undefined,
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep().then(async (n) => {
        await this.afterPass().catch((err) => this.log.warn({ err: (err as Error).message }, 'waiting-list offers failed, will retry'));
        return n;
      }).then(
        (n) => this.schedule(n === this.options.batch ? 0 : this.options.intervalMs),
        (err) => {
          this.log.warn({ err: (err as Error).message }, 'reservation sweep failed, will retry');
          this.schedule(this.options.intervalMs);
        },
      );
    }, delayMs);
  }

  /** One batch in one transaction; returns how many reservations expired. */
  async sweep(): Promise<number> {
    const { transactions, clock, reservations, seats, outbox } = this.deps;
    const now = clock.now();
    return transactions.withTransaction(async (tx) => {
      const due = await reservations.lockOverdue(tx, now, this.options.batch);
      const ended = due.map((r) => markReservationEnded(r, 'EXPIRED'));
      if (due.length === 0) return 0;
      const [, ...moved] = await Promise.all([
        seats.free(tx, due.map((r) => r.id)),
        ...due.map((r, i) => reservations.transition(tx, r.version, ended[i])),
      ]);
      if (moved.some((m) => !m)) throw new Error('a reservation changed under its lock');
      await outbox.append(tx, ended.map((r) => seatsReleased(r, 'HELD', 0, now)));
      return due.length;
    });
  }
}

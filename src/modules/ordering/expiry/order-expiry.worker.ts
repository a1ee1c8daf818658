import type { Logger } from 'pino';
import { purgeIdempotencyKeys } from '../../../shared/idempotency.store';
import { markExpired } from '../domain/order';
import { orderExpired } from '../events';
import type { OrderingDeps } from '../ordering.deps';
import { putBackStock } from '../stock-return';

export interface ExpiryOptions {
  /** How often to look for overdue orders when the last pass found fewer than a batch. */
  intervalMs: number;
  batch: number;
  /** How often to purge old idempotency keys. */
  purgeEveryMs: number;
  /** How long an order that failed to expire on its own is left out before it is tried again. */
  quarantineMs: number;
}

const DEFAULTS: ExpiryOptions = { intervalMs: 1_000, batch: 200, purgeEveryMs: 10 * 60_000, quarantineMs: 5_000 };

/**
 * Worker role: moves PENDING orders past expiresAt to EXPIRED and gives their stock back.
 * Each pass claims a batch with FOR UPDATE SKIP LOCKED, so any number of workers split the
 * overdue orders between them without waiting for or repeating each other, and an order being
 * paid or cancelled right now (its row locked) is skipped and looked at again next pass.
 *
 * A batch is one transaction, so one order that cannot expire (measured: a product restocked to
 * the stock ceiling) used to fail every pass and stall expiry for the whole system. When a batch
 * fails, its orders are expired one by one; an order that fails on its own is logged and left
 * out for `quarantineMs`, and the rest go on.
 */
export class OrderExpiryWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastPurge = 0;
  private readonly options: ExpiryOptions;
  /** Order id → when it may be tried again. */
  private readonly quarantined = new Map<string, number>();

  constructor(private readonly deps: OrderingDeps, private readonly log: Logger, options: Partial<ExpiryOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

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
      this.running = this.pass().then((full) => this.schedule(full ? 0 : this.options.intervalMs));
    }, delayMs);
  }

  /** One pass; true when the batch was full (more may be due). Errors are logged, not thrown. */
  private async pass(): Promise<boolean> {
    try {
      const expired = await this.expireDue();
      if (Date.now() - this.lastPurge > this.options.purgeEveryMs) {
        this.lastPurge = Date.now();
        const purged = await this.deps.transactions.withTransaction((tx) => purgeIdempotencyKeys(tx, this.deps.clock.now()));
        if (purged > 0) this.log.info({ purged }, 'old idempotency keys purged');
      }
      return expired === this.options.batch;
    } catch (err) {
      // A deadlock or Postgres away: nothing was half-done (one transaction); try next pass.
      this.log.warn({ err: (err as Error).message }, 'order expiry pass failed, will retry');
      return false;
    }
  }

  /** Expires one batch of overdue orders; returns how many. */
  async expireDue(): Promise<number> {
    const skip = this.skipped();
    try {
      return await this.expireBatch(this.options.batch, skip);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'order expiry batch failed, expiring its orders one by one');
    }
    let expired = 0;
    for (let i = 0; i < this.options.batch; i++) {
      try {
        const one = await this.expireBatch(1, skip, (id) => skip.push(id));
        if (one === 0) break;
        expired += one;
      } catch (err) {
        const id = skip.at(-1)!;
        this.quarantined.set(id, Date.now() + this.options.quarantineMs);
        this.log.error({ err: (err as Error).message, orderId: id }, 'order could not expire; left out for now, others go on');
      }
    }
    return expired;
  }

  private skipped(): string[] {
    const now = Date.now();
    for (const [id, until] of this.quarantined) if (until <= now) this.quarantined.delete(id);
    return [...this.quarantined.keys()];
  }

  /** One transaction: up to `limit` overdue orders (not in `skip`) to EXPIRED, stock and coupons back. */
  private async expireBatch(limit: number, skip: readonly string[], claimed?: (id: string) => void): Promise<number> {
    const { transactions, clock, orders, coupons, stock, outbox } = this.deps;
    const now = clock.now();
    return transactions.withTransaction(async (tx) => {
      const due = await orders.lockOverdue(tx, now, limit, skip);
      if (claimed && due[0]) claimed(due[0].id);
      if (due.length === 0) return 0;
      // Issued together, in lock order: coupons → orders → stock (one StockChanged per product for the batch).
      const [, expired, stockEvents] = await Promise.all([
        Promise.all(due.filter((o) => o.couponId).map((o) => coupons.release(tx, { couponId: o.couponId!, orderId: o.id, now }))),
        orders.expire(tx, due.map((o) => o.id)),
        putBackStock(stock, tx, due.flatMap((o) => o.items), 'RELEASED', now),
      ]);
      if (expired !== due.length) throw new Error(`expected to expire ${due.length} orders, expired ${expired}`);
      await outbox.append(tx, [...due.map((o) => orderExpired(markExpired(o), now)), ...stockEvents]);
      return due.length;
    });
  }
}

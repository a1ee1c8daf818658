import type { Logger } from 'pino';
import type { DeliveryDeps } from '../delivery.deps';
import { runPaymentSteps } from './payment-steps';
import { reconcilePayments } from './reconcile-payments';
import { rejectUnaccepted } from './reject-unaccepted';

const TICK_MS = 500;
const WARN_EVERY_MS = 10_000;

/**
 * The worker role's part of the delivery saga, one round every TICK_MS: owed gateway steps,
 * unknown authorizations, orders past the accept timeout. Each piece is safe to run in many
 * workers at once (leases, SKIP LOCKED, version-guarded saves, gateway idempotency keys).
 */
export class DeliverySagaWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** While Postgres or the gateway is away every round fails: one warning per piece per WARN_EVERY_MS. */
  private readonly warnedAt = new Map<string, number>();

  constructor(private readonly deps: DeliveryDeps, private readonly acceptTimeoutSeconds: number, private readonly log: Logger) {}

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.round().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, TICK_MS);
      });
    };
    loop();
  }

  async round(): Promise<void> {
    for (const [name, work] of [
      ['payment steps', () => runPaymentSteps(this.deps)],
      ['reconcile', () => reconcilePayments(this.deps)],
      ['accept timeout', () => rejectUnaccepted(this.deps, this.acceptTimeoutSeconds)],
    ] as const) {
      await (work as () => Promise<unknown>)().catch((err: Error) => {
        if (Date.now() - (this.warnedAt.get(name) ?? 0) < WARN_EVERY_MS) return;
        this.warnedAt.set(name, Date.now());
        this.log.warn({ err: err.message }, `delivery saga: ${name} failed; the next rounds retry`);
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Nats } from '../../infrastructure/nats/nats';
import { subjectPrefix } from '../../infrastructure/nats/nats';
import { ensureDurableConsumer } from '../../infrastructure/nats/durable-consumer';
import { registry } from '../../infrastructure/http/metrics';
import type { Clock } from '../../shared/clock';
import type { DomainEvent } from '../../shared/event';
import type { DataPlatform } from './data-platform.client';
import type { ExportFeed } from './export-payload';
import DataLoader from 'dataloader';
import { GroupCommit } from '../../shared/group-commit';
import { deliveredAmong, markDeliveredMany, park } from './failed-exports.store';

export interface ExportPolicy {
  /** Deliveries before the export is parked in failed_exports. */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time, capped at MAX_BACKOFF_MS. */
  retryBaseMs: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;
/** Exports in flight across all workers; bounds concurrent calls to a slow platform. */
const MAX_IN_FLIGHT = 256;

export const exportsTotal = new Counter({
  name: 'data_platform_exports_total',
  help: 'Data-platform deliveries by outcome (delivered, skipped_duplicate, retry, parked)',
  labelNames: ['outcome'],
  registers: [registry],
});

export function exportBackoffMs(deliveryCount: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (deliveryCount - 1), MAX_BACKOFF_MS);
}

/**
 * Sends every event of one feed (OrderPaid, ReservationPaid) to the data platform from its own durable pull consumer (worker role),
 * after the order's transaction committed, never inside it. At-least-once with two dedup layers:
 * processed_events skips an event already delivered (redelivery, republish), and the
 * Idempotency-Key (= event id) lets the platform drop what slips through (crash between the
 * platform's 2xx and our ack). A failure naks with exponential backoff; the last allowed attempt
 * parks the export in failed_exports and terms the message.
 */
export class DataPlatformExporter {
  private messages?: ConsumerMessages;
  private readonly inFlight = new Set<Promise<void>>();
  /** Copies of one event handled in this process run one after the other, so the second sees the first's record. */
  private readonly byEvent = new Map<string, Promise<void>>();
  /**
   * The background CPU per paid order was mostly bookkeeping round trips: the delivered-check of
   * messages pulled together goes in one query, and deliveries are recorded by group commit (one
   * statement for all that finished while the previous record was being written). An event is
   * still acked only after its record committed, so exactly-once on our side is unchanged.
   */
  private readonly delivered = new DataLoader<string, boolean>(
    async (ids) => {
      const done = await deliveredAmong(this.pool, ids);
      return ids.map((id) => done.has(id));
    },
    { cache: false, maxBatchSize: MAX_IN_FLIGHT },
  );
  private readonly records = new GroupCommit<string>((ids) => markDeliveredMany(this.pool, ids, this.clock.now()));

  constructor(
    private readonly feed: ExportFeed,
    private readonly nats: Nats,
    private readonly pool: Pool,
    private readonly platform: DataPlatform,
    private readonly policy: ExportPolicy,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.ensureConsumer();
    const consumer = await this.nats.js.consumers.get(this.nats.stream, this.feed.consumer);
    this.messages = await consumer.consume({
      max_messages: 64,
      callback: (msg) => {
        const work = this.handle(msg).finally(() => this.inFlight.delete(work));
        this.inFlight.add(work);
      },
    });
  }

  /** Stops pulling and waits for in-flight deliveries (each bounded by the HTTP timeout). */
  async stop(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
  }

  async handle(msg: JsMsg): Promise<void> {
    let event: DomainEvent;
    let payload: unknown;
    try {
      event = JSON.parse(Buffer.from(msg.data).toString('utf8')) as DomainEvent;
      payload = this.feed.payload(event);
    } catch (err) {
      // Nothing to send, ever: retrying cannot help.
      this.log.error({ subject: msg.subject, seq: msg.seq, err: (err as Error).message }, 'undecodable paid-event message dropped');
      msg.term();
      return;
    }
    const id = event.id;
    const turn = (this.byEvent.get(id) ?? Promise.resolve()).then(() => this.deliver(msg, event, payload));
    this.byEvent.set(id, turn);
    await turn;
    if (this.byEvent.get(id) === turn) this.byEvent.delete(id);
  }

  private async deliver(msg: JsMsg, event: DomainEvent, payload: unknown): Promise<void> {
    try {
      if (await this.delivered.load(event.id)) {
        exportsTotal.inc({ outcome: 'skipped_duplicate' });
        msg.ack();
        return;
      }
      await this.platform.send(payload, event.id);
      await this.records.add(event.id);
      exportsTotal.inc({ outcome: 'delivered' });
      msg.ack();
    } catch (err) {
      await this.failed(msg, event, payload, err as Error);
    }
  }

  private async failed(msg: JsMsg, event: DomainEvent, payload: unknown, err: Error): Promise<void> {
    const attempt = msg.info.deliveryCount;
    if (attempt < this.policy.maxAttempts) {
      exportsTotal.inc({ outcome: 'retry' });
      // info, not warn: during a platform outage this is one line per event per attempt; the metric counts them.
      this.log.info({ eventId: event.id, attempt, err: err.message }, 'data-platform export failed, will retry');
      msg.nak(exportBackoffMs(attempt, this.policy.retryBaseMs));
      return;
    }
    try {
      await park(this.pool, event, payload, attempt, err.message, this.clock.now());
      // No reason text: nats-server 2.9 ignores "+TERM <reason>" and would redeliver after ack_wait.
      msg.term();
      exportsTotal.inc({ outcome: 'parked' });
      this.log.error({ eventId: event.id, attempts: attempt, err: err.message }, 'data-platform export parked in failed_exports');
    } catch (parkErr) {
      // Postgres is away too: keep the message, it is not lost.
      this.log.warn({ eventId: event.id, err: (parkErr as Error).message }, 'could not park export, will retry');
      msg.nak(exportBackoffMs(attempt, this.policy.retryBaseMs));
    }
  }

  private async ensureConsumer(): Promise<void> {
    await ensureDurableConsumer(this.nats, {
      durable_name: this.feed.consumer,
      ack_policy: AckPolicy.Explicit,
      // All: paid orders already in the stream when the exporter first runs are exported too.
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${subjectPrefix(this.nats.stream)}.${this.feed.subject}`,
      ack_wait: 30_000_000_000,
      max_ack_pending: MAX_IN_FLIGHT,
    });
  }
}

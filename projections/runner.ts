import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Nats } from '../src/infrastructure/nats/nats';
import { subjectPrefix } from '../src/infrastructure/nats/nats';
import { ensureDurableConsumer } from '../src/infrastructure/nats/durable-consumer';
import type { DomainEvent } from '../src/shared/event';
import { PgTransactions } from '../src/shared/tx';
import { deadLetters, projectorLag } from '../src/infrastructure/http/metrics';
import type { Projection } from './projection';

export const MAX_DELIVERIES = 5;

/** What one committed batch changed, as its projection's applyBatch returned it. */
type Applied = { ran: false } | { ran: true; changes: unknown };
const BATCH = 256;

/** 0.5 s, 1 s, 2 s, 4 s … capped: gives a restarting Postgres time to come back. */
export function backoffMs(deliveryCount: number): number {
  return Math.min(500 * 2 ** (deliveryCount - 1), 10_000);
}

/**
 * How long a delivered message may stay unacked before JetStream delivers it again. After a NATS
 * crash, messages the server believes delivered but unacked (acks lost with the crash, or
 * deliveries lost in the reconnect) wait this long: it bounds catch-up after an outage. A batch
 * commits in milliseconds, so 10 s leaves a wide margin before a slow batch is redelivered
 * (harmless anyway: every projection is idempotent).
 */
export const ACK_WAIT_NS = 10_000_000_000;

export async function ensureConsumer(nats: Nats, projection: Projection): Promise<void> {
  const existing = await ensureDurableConsumer(nats, {
    durable_name: projection.name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${subjectPrefix(nats.stream)}.>`,
    ack_wait: ACK_WAIT_NS,
    max_ack_pending: 5_000,
  });
  if (existing && existing.config.ack_wait !== ACK_WAIT_NS) {
    // Consumers created by an older version (30 s) take the current setting.
    await nats.jsm.consumers.update(nats.stream, projection.name, { ack_wait: ACK_WAIT_NS }).catch(() => undefined);
  }
}

/**
 * Runs one projection on a durable pull consumer. Messages arriving while a batch commits are
 * gathered into the next batch: one transaction and one round of acks per batch, which is what
 * keeps up with 1,000 events/s. A failed batch is retried message by message so that one poison
 * message is parked in dead_letters while the rest flow on.
 */
export class ProjectionRunner {
  private buffer: JsMsg[] = [];
  private draining?: Promise<void>;
  private messages?: ConsumerMessages;
  private stopped = false;

  constructor(
    private readonly projection: Projection,
    private readonly pool: Pool,
    private readonly nats: Nats,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.consume();
  }

  private async consume(): Promise<void> {
    await ensureConsumer(this.nats, this.projection);
    const consumer = await this.nats.js.consumers.get(this.nats.stream, this.projection.name);
    const messages = await consumer.consume({
      max_messages: 1_000,
      callback: (msg) => {
        this.buffer.push(msg);
        this.kick();
      },
    });
    this.messages = messages;
    void this.watch(messages);
  }

  /**
   * `projections:rebuild` replaces the durable consumer. The client would only notice when its
   * pull expires (30 s or more), so on 'consumer deleted / not found' re-attach at once, creating
   * the consumer again if nobody has yet (it then starts from the first event: a replay, which
   * every projection absorbs).
   */
  private async watch(messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (this.stopped || this.messages !== messages) return;
      if (status.type !== 'consumer_deleted' && status.type !== 'consumer_not_found') continue;
      this.log.warn({ status: status.type }, 'durable consumer went away, re-attaching');
      await messages.close().catch(() => undefined);
      while (!this.stopped) {
        try {
          await this.consume();
          return;
        } catch (err) {
          this.log.warn({ err: (err as Error).message }, 'cannot re-attach yet, retrying');
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
      return;
    }
  }

  /**
   * Starts a drain unless one runs. A message pushed after the drain loop saw an empty buffer
   * but before its promise settled would otherwise wait for the next message (or ack_wait).
   */
  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.buffer.length > 0) this.kick();
    });
  }

  /** Stops pulling, then waits until everything pulled is committed and acked. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close().catch(() => undefined);
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, BATCH);
      try {
        await this.applyBatch(batch);
      } catch (err) {
        this.log.warn({ projection: this.projection.name, err: (err as Error).message }, 'batch failed, retrying one by one');
        for (const msg of batch) await this.applyOne(msg);
      }
    }
  }

  private async applyBatch(batch: JsMsg[]): Promise<void> {
    const events = batch.map(decode);
    if (events.some((e) => e === undefined)) throw new Error('undecodable message in batch');
    const relevant = (events as DomainEvent[]).filter((e) => this.projection.eventTypes.has(e.type));
    const applied = await this.transaction(relevant);
    this.done(batch, relevant);
    await this.afterCommit(applied);
  }

  private async applyOne(msg: JsMsg): Promise<void> {
    const event = decode(msg);
    // Not JSON or not an event: no redelivery can fix that, park it now.
    if (!event) return this.park(msg, new Error('message is not a valid event'));
    const relevant = this.projection.eventTypes.has(event.type) ? [event] : [];
    let applied: Applied;
    try {
      applied = await this.transaction(relevant);
      this.done([msg], relevant);
    } catch (err) {
      await this.failed(msg, err as Error);
      return;
    }
    await this.afterCommit(applied);
  }

  /** Committed and acked already: a failed cache refresh is not the messages' fault (the TTL heals it). */
  private async afterCommit(applied: Applied): Promise<void> {
    if (!applied.ran) return; // nothing of this projection's in the batch: nothing changed
    try {
      await this.projection.afterCommit?.(applied.changes);
    } catch (err) {
      this.log.warn({ projection: this.projection.name, err: (err as Error).message }, 'cache refresh after commit failed');
    }
  }

  /** The batch in one transaction; what the projection says it changed, handed on to afterCommit. */
  private async transaction(events: DomainEvent[]): Promise<Applied> {
    if (events.length === 0) return { ran: false };
    const changes = await new PgTransactions(this.pool).withTransaction((tx) => this.projection.applyBatch(tx, events));
    return { ran: true, changes };
  }

  private done(batch: JsMsg[], applied: DomainEvent[]): void {
    for (const msg of batch) msg.ack();
    const now = Date.now();
    for (const event of applied) {
      projectorLag.observe({ projection: this.projection.name }, (now - Date.parse(event.occurredAt)) / 1000);
    }
  }

  private async failed(msg: JsMsg, err: Error): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    if (deliveries < MAX_DELIVERIES) {
      msg.nak(backoffMs(deliveries));
      return;
    }
    await this.park(msg, err);
  }

  private async park(msg: JsMsg, err: Error): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    try {
      await this.pool.query(
        `insert into dead_letters (projection, subject, stream_seq, payload, error, deliveries)
         values ($1, $2, $3, $4, $5, $6)`,
        [this.projection.name, msg.subject, msg.seq, Buffer.from(msg.data).toString('utf8'), err.message, deliveries],
      );
      // No reason: nats-server 2.9 ignores "+TERM <reason>" and redelivers after ack_wait (re-parking it).
      msg.term();
      deadLetters.inc({ projection: this.projection.name });
      this.log.error({ projection: this.projection.name, seq: msg.seq, err: err.message }, 'message parked in dead_letters');
    } catch {
      msg.nak(backoffMs(deliveries)); // Postgres is away: not the message's fault, keep it
    }
  }
}

function decode(msg: JsMsg): DomainEvent | undefined {
  try {
    const event = JSON.parse(Buffer.from(msg.data).toString('utf8')) as DomainEvent;
    return typeof event?.type === 'string' && typeof event?.id === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}

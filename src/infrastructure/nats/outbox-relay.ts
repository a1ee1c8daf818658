import { Client, type Pool } from 'pg';
import type { Logger } from 'pino';
import { headers } from '@nats-io/transport-node';
import type { Nats } from './nats';
import { subjectPrefix } from './nats';
import { outboxBacklog } from '../http/metrics';
import { PgTransactions } from '../../shared/tx';

const BATCH = 500;
const SAFETY_POLL_MS = 5_000;
/**
 * Published rows are kept this long (JetStream holds the events for replays and rebuilds; the
 * rows only help someone looking at recent history), then deleted in bounded batches.
 */
export const OUTBOX_RETENTION_HOURS = 72;
const PURGE_EVERY_MS = 10 * 60_000;
const PURGE_BATCH = 10_000;

/**
 * Publishes outbox rows to JetStream. Woken by LISTEN/NOTIFY on commit; a slow safety poll
 * covers notifications missed while the listener reconnects and retries after failures.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of relays may run at once;
 * Nats-Msg-Id = event id lets JetStream drop a row published twice (crash before the stamp).
 */
export class OutboxRelay {
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  private lastPurge = 0;

  constructor(
    private readonly pool: Pool,
    private readonly nats: Nats,
    private readonly databaseUrl: string,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.listen();
    void this.kickOnReconnect();
    this.timer = setInterval(() => {
      this.kick();
      void this.reportBacklog();
      if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
        this.lastPurge = Date.now();
        this.purgePublished(new Date()).catch((err) => this.log.warn({ err: (err as Error).message }, 'outbox purge failed'));
      }
    }, SAFETY_POLL_MS);
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.idle = this.drain().finally(() => {
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.idle;
    await this.listener?.end().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.publishBatch()) === BATCH);
      } while (this.again && !this.stopped);
    } catch (err) {
      // NATS or Postgres away: the rows stay unpublished; the safety poll tries again.
      this.log.warn({ err: (err as Error).message }, 'outbox relay could not publish, will retry');
    }
  }

  /** Claims, publishes and stamps one batch in one transaction; returns how many it published. */
  async publishBatch(): Promise<number> {
    return new PgTransactions(this.pool).withTransaction(async (tx) => {
      const rows = await tx.query<{ id: string; subject: string; event: unknown }>(
        `select id, subject, event from outbox where published_at is null
         order by seq limit $1 for update skip locked`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const prefix = subjectPrefix(this.nats.stream);
      await Promise.all(
        rows.map((row) => {
          const h = headers();
          h.set('Content-Type', 'application/json');
          return this.nats.js.publish(`${prefix}.${row.subject}`, JSON.stringify(row.event), {
            msgID: row.id,
            headers: h,
            timeout: 5_000,
          });
        }),
      );
      await tx.query('update outbox set published_at = now() where id = any($1::uuid[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** NATS back after an outage: publish the rows that piled up now, not at the next safety poll. */
  private async kickOnReconnect(): Promise<void> {
    for await (const status of this.nats.nc.status()) {
      if (this.stopped) return;
      if (status.type !== 'reconnect') continue;
      // A drain started during the outage may still be waiting out its publish timeouts; it
      // fails and ends without looking again, so kick once more when it has settled.
      this.kick();
      void this.idle.then(() => this.kick());
    }
  }

  private async listen(): Promise<void> {
    const listener = new Client({ connectionString: this.databaseUrl });
    listener.on('notification', () => this.kick());
    listener.on('error', (err) => {
      this.log.warn({ err: err.message }, 'outbox listener lost its connection, reconnecting');
      setTimeout(() => void this.relisten(), 1_000);
    });
    await listener.connect();
    await listener.query('listen outbox');
    this.listener = listener;
  }

  private async relisten(): Promise<void> {
    if (this.stopped) return;
    await this.listener?.end().catch(() => undefined);
    try {
      await this.listen();
      this.kick();
    } catch {
      setTimeout(() => void this.relisten(), 2_000);
    }
  }

  private async reportBacklog(): Promise<void> {
    try {
      const { rows } = await this.pool.query<{ n: string }>('select count(*) as n from outbox where published_at is null');
      outboxBacklog.set(Number(rows[0].n));
    } catch {
      /* Postgres away: the gauge keeps its last value */
    }
  }

  /** Deletes published rows older than the retention; unpublished rows are never touched. Returns how many. */
  async purgePublished(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - OUTBOX_RETENTION_HOURS * 3_600_000);
    let total = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(
        `delete from outbox where id in (
           select id from outbox where published_at < $1 limit $2 for update skip locked)`,
        [cutoff, PURGE_BATCH],
      );
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < PURGE_BATCH) return total;
    }
  }
}

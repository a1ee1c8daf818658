import { Pool } from 'pg';
import { PgTransactions } from '../../shared/tx';

/**
 * Wakes the outbox relay after a commit instead of inside the transaction.
 *
 * Why: the outbox trigger's NOTIFY makes Postgres take a database-wide lock at commit and hold
 * it through the commit's WAL flush, so every transaction that notifies commits one at a time
 * (no group commit): measured here, 8–16 writers inserting outbox rows did 265–380 commits/s
 * with the NOTIFY inside and 985–1,100/s with it moved after commit (load avg 11, same run).
 * A NOTIFY-only transaction writes no WAL, so it does not wait for a flush.
 *
 * How: a transaction that will call wake() after its commit opts out of the trigger's NOTIFY
 * with OPT_OUT_SQL (a transaction-local setting the trigger reads, see migration 0006). wake()
 * sends `pg_notify('outbox')` on its own connection, at most one at a time: a wake() while one
 * is in flight sends one more after it, so the relay always hears of a commit after the commit.
 * If the NOTIFY fails (Postgres away), the relay's safety poll still finds the rows.
 * Writers that do not opt out (MikroORM units of work, scripts, psql) keep the trigger's NOTIFY.
 */
export class OutboxWaker {
  private inFlight = false;
  private again = false;
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 2_000 });
    this.pool.on('error', () => undefined); // idle connection lost: the next wake reconnects
  }

  wake(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.pool.query("select pg_notify('outbox', '')").catch(() => undefined).finally(() => {
      this.inFlight = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/** Sent with BEGIN: this transaction's outbox rows are announced by wake() after commit, not by the trigger. */
export const OPT_OUT_SQL = "set local stampede.outbox_wakeup = 'after-commit'";

/** The app's transactions: they opt out of the trigger's NOTIFY and wake the relay after each commit. */
export function transactionsWakingRelay(pool: Pool, waker: OutboxWaker): PgTransactions {
  return new PgTransactions(pool, { afterBegin: OPT_OUT_SQL, afterCommit: () => waker.wake() });
}

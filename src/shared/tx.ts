import type { Pool, PoolClient, QueryResult } from 'pg';

export type Row = Record<string, any>;

/**
 * One open transaction, handed to stores. It is dead the moment its transaction ends: a later
 * statement (a forgotten `await`, a timer) rejects with TransactionClosedError instead of
 * running on a connection that another request may already be using.
 *
 * Statements go to Postgres at once (pg's pipeline mode, parameters bound), so statements
 * issued without awaiting in between share one round trip and still run in the order issued.
 * The transaction waits for every statement it sent before it decides: it commits only if all
 * of them succeeded, so a write whose answer nobody needs (the last outbox rows) may be left
 * un-awaited and travels to Postgres with the COMMIT.
 */
export interface Tx {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface TransactionOptions {
  /** One snapshot for several reads (`begin isolation level repeatable read read only`). */
  readOnlySnapshot?: boolean;
}

/** The one transaction port: every write of every module runs in `withTransaction`. */
export interface Transactions {
  withTransaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

export class TransactionClosedError extends Error {
  constructor(text: string) {
    super(`statement issued after its transaction ended (a missing await?): ${text.trim().slice(0, 80)}`);
  }
}

export interface PgTransactionsOptions {
  /** Statements sent with BEGIN (one message), e.g. a transaction-local setting. */
  afterBegin?: string;
  /** Called after every commit that ran a statement (e.g. wake the outbox relay). */
  afterCommit?: () => void;
}

/**
 * Transactions on a pg Pool created with `pipeline: true`. BEGIN travels with the first
 * statement; a transaction that runs no statement sends nothing. Any throw rolls back; a
 * connection whose ROLLBACK failed is destroyed, not returned to the pool.
 */
export class PgTransactions implements Transactions {
  constructor(private readonly pool: Pool, private readonly options: PgTransactionsOptions = {}) {}

  async withTransaction<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.pool.connect();
    const begin = options.readOnlySnapshot ? 'begin isolation level repeatable read read only' : 'begin';
    const tx = new PgTx(client, this.options.afterBegin ? `${begin}; ${this.options.afterBegin}` : begin);
    let broken = false;
    try {
      let result: T;
      try {
        result = await work(tx);
      } catch (err) {
        await tx.end('rollback').catch(() => {
          broken = true;
        });
        throw err;
      }
      const ran = await tx.end('commit');
      if (ran) this.options.afterCommit?.();
      return result;
    } finally {
      client.release(broken);
    }
  }
}

class PgTx implements Tx {
  private open = true;
  private began = false;
  private readonly sent: Promise<unknown>[] = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly client: PoolClient, private readonly begin: string) {}

  query<T = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    if (!this.open) return Promise.reject(new TransactionClosedError(text));
    if (!this.began) {
      this.began = true;
      this.send(this.begin);
    }
    const rows = this.send(text, params).then((result) => result.rows as T[]);
    rows.catch(() => undefined); // an un-awaited failure is reported by the commit, not as an unhandled rejection
    return rows;
  }

  /** Closes the handle, then ends the transaction; true when it had begun. Throws if a commit did not happen. */
  async end(how: 'commit' | 'rollback'): Promise<boolean> {
    this.open = false;
    if (!this.began) return false;
    const ending = this.client.query(how); // pipelined behind every statement still in flight
    // Awaited below, after the statements settle; until then its failure (a dropped connection)
    // must not count as an unhandled rejection, which would end the process.
    ending.catch(() => undefined);
    await Promise.allSettled(this.sent);
    const result = await ending;
    if (how === 'commit') {
      // Postgres answers COMMIT of an aborted transaction with ROLLBACK, not an error.
      if (this.failure) throw this.failure.error;
      if (result.command !== 'COMMIT') throw new Error(`transaction ended with ${result.command}, not COMMIT`);
    }
    return true;
  }

  private send(text: string, params?: readonly unknown[]): Promise<QueryResult> {
    const sending = this.client.query(text, params as unknown[] | undefined);
    this.sent.push(sending);
    // The first failure is the cause; later ones are "current transaction is aborted".
    sending.catch((error: unknown) => {
      this.failure ??= { error };
    });
    return sending;
  }
}

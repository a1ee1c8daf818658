import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionClosedError, type Row, type TransactionOptions, type Transactions, type Tx } from '../../../src/shared/tx';

/**
 * In-memory transactions with the semantics of PgTransactions (src/shared/tx.ts), for unit specs:
 *
 * - every fake store call is a "statement": its effect applies at once, in the order issued, and
 *   its promise is remembered, so a statement left un-awaited still belongs to the transaction;
 * - the transaction waits for all of them and commits only if every one succeeded; after a failed
 *   statement later ones fail too (Postgres: "current transaction is aborted");
 * - a throw (or a failed statement) restores every participant's state as it was at BEGIN, so a
 *   spec can assert that nothing is half-written;
 * - the Tx is dead once its transaction ended: a late statement rejects with TransactionClosedError;
 * - transactions run one at a time (serializable by construction), and a transaction opened
 *   inside another is refused: a handler writes in ONE transaction.
 */
export interface Participant {
  /** A deep copy of the state, taken at BEGIN. */
  snapshot(): unknown;
  /** Puts back what snapshot() returned (on rollback). */
  restore(snapshot: unknown): void;
}

export interface TransactionRecord {
  outcome: 'committed' | 'rolledBack';
  /** Fake store calls it ran (0: PgTransactions would have sent nothing at all). */
  statements: number;
  options: TransactionOptions;
  error?: unknown;
}

export class FakeTx implements Tx {
  open = true;
  statements = 0;
  failure: { error: unknown } | null = null;
  readonly pending: Promise<unknown>[] = [];

  constructor(readonly id: number) {}

  /** Fakes run no SQL: a handler or store that sends SQL itself is not running on ports. */
  query<T = Row>(text: string): Promise<T[]> {
    return statement(this, text, () => {
      throw new Error(`a fake transaction runs no SQL (a handler must write through its stores): ${text.trim().slice(0, 80)}`);
    });
  }
}

/**
 * Runs one fake statement on `tx` (`name` shows in errors): `effect` mutates the fake's state now
 * and returns the rows; a throw from it is a failed statement (a constraint, say).
 * Results are deep copies (like rows read from Postgres: changing them changes nothing stored).
 */
export function statement<T>(tx: Tx, name: string, effect: () => T): Promise<T> {
  if (!(tx instanceof FakeTx)) {
    return Promise.reject(new TypeError('a fake store was given a Tx that FakeTransactions did not open'));
  }
  if (!tx.open) return Promise.reject(new TransactionClosedError(name));
  let result: Promise<T>;
  if (tx.failure) {
    result = Promise.reject(new Error('current transaction is aborted, commands ignored until end of transaction block'));
  } else {
    tx.statements += 1;
    try {
      result = Promise.resolve(clone(effect()));
    } catch (error) {
      tx.failure = { error };
      result = Promise.reject(error);
    }
  }
  tx.pending.push(result);
  result.catch(() => undefined); // an un-awaited failure is reported by the commit, not as an unhandled rejection
  return result;
}

export const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

export class FakeTransactions implements Transactions {
  readonly history: TransactionRecord[] = [];
  private readonly participants: Participant[] = [];
  private readonly current = new AsyncLocalStorage<FakeTx>();
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(participants: Participant[] = []) {
    this.participants.push(...participants);
  }

  /** State that a rollback must put back (each fake store registers itself). */
  register(...participants: Participant[]): this {
    this.participants.push(...participants);
    return this;
  }

  get commits(): number {
    return this.history.filter((t) => t.outcome === 'committed').length;
  }

  get rollbacks(): number {
    return this.history.filter((t) => t.outcome === 'rolledBack').length;
  }

  withTransaction<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.current.getStore()) {
      return Promise.reject(new Error('withTransaction called inside a transaction: a write runs in ONE transaction'));
    }
    const run = this.queue.then(() => this.run(work, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions): Promise<T> {
    const tx = new FakeTx(this.nextId++);
    const before = this.participants.map((p) => p.snapshot());
    let result: T | undefined;
    let thrown: { error: unknown } | null = null;
    try {
      result = await this.current.run(tx, () => work(tx));
    } catch (error) {
      thrown = { error };
    }
    tx.open = false;
    await Promise.allSettled(tx.pending); // statements nobody awaited still belong to this transaction
    // A throw rolls back; so does a failed statement (Postgres answers COMMIT of an aborted transaction with ROLLBACK).
    const cause = thrown ?? tx.failure;
    if (cause) {
      this.participants.forEach((p, i) => p.restore(before[i]));
      this.history.push({ outcome: 'rolledBack', statements: tx.statements, options, error: cause.error });
      throw cause.error;
    }
    this.history.push({ outcome: 'committed', statements: tx.statements, options });
    return result as T;
  }
}

/** Participant over a Map of plain data (the common case for fake stores). */
export function mapParticipant<K, V>(map: Map<K, V>): Participant {
  return {
    snapshot: () => structuredClone(map),
    restore: (saved) => {
      map.clear();
      for (const [k, v] of saved as Map<K, V>) map.set(k, v);
    },
  };
}

/** Participant over an array of plain data. */
export function arrayParticipant<V>(array: V[]): Participant {
  return {
    snapshot: () => structuredClone(array),
    restore: (saved) => {
      array.splice(0, array.length, ...(saved as V[]));
    },
  };
}

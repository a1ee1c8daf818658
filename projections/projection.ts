import type { Tx } from '../src/shared/tx';
import type { DomainEvent } from '../src/shared/event';

/**
 * What a read model shows the response cache: the tables it owns (only its projector writes
 * them) and the Redis generation key its projector INCRs after every commit that changed them.
 * A cached answer read from those tables is tagged with that key, so it dies with the change.
 */
export interface ReadModel {
  /** The projection that maintains it. */
  name: string;
  tables: readonly string[];
  generationKey: string;
}

/**
 * A read model built only from events. It owns its table, its query and its cache keys.
 * `applyBatch` runs inside the runner's transaction and must be idempotent on its own
 * (aggregate-version guard or processed_events row): JetStream delivers at least once.
 *
 * No state is kept between a batch and its commit: `applyBatch` returns what it changed and
 * the runner hands exactly that to `afterCommit` once the transaction committed (a projection
 * object may be shared by several runners or tests at once).
 */
export interface Projection<Changes = unknown> {
  /** Durable consumer name and the name `projections:rebuild` takes. */
  name: string;
  /** Event types it reads; everything else is acked untouched. */
  eventTypes: ReadonlySet<string>;
  /**
   * The tables it owns and the generation key it bumps after a commit that changed them. A read
   * model behind a cacheable field must declare it (cacheable-fields.int.spec.ts checks).
   */
  readModel?: ReadModel;
  /** Applies a micro-batch (one or more events) in a few statements; returns what changed. */
  applyBatch(tx: Tx, events: DomainEvent[]): Promise<Changes>;
  /** After commit: refresh or evict the cache entries the batch changed. */
  afterCommit?(changes: Changes): Promise<void>;
  /** For a rebuild: empty the read table (inside a transaction) and drop its cache. */
  reset(tx: Tx): Promise<void>;
  resetCache?(): Promise<void>;
}

import type { Tx } from '../src/shared/tx';
import type { DomainEvent } from '../src/shared/event';

/**
 * A read model built only from events. It owns its table, its query and its cache keys.
 * `apply` runs inside the runner's transaction and must be idempotent on its own
 * (aggregate-version guard or processed_events row): JetStream delivers at least once.
 */
export interface Projection {
  /** Durable consumer name and the name `projections:rebuild` takes. */
  name: string;
  /** Event types it reads; everything else is acked untouched. */
  eventTypes: ReadonlySet<string>;
  apply(tx: Tx, event: DomainEvent): Promise<void>;
  /**
   * Optional: applies a whole micro-batch (same transaction, same idempotency duty) in a few
   * statements instead of one round trip per event. The runner prefers it when present.
   */
  applyBatch?(tx: Tx, events: DomainEvent[]): Promise<void>;
  /** After commit: refresh or evict the cache entries the applied events touched. */
  afterCommit?(events: DomainEvent[]): Promise<void>;
  /** For a rebuild: empty the read table (inside a transaction) and drop its cache. */
  reset(tx: Tx): Promise<void>;
  resetCache?(): Promise<void>;
}

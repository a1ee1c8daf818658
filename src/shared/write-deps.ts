import type { Clock } from './clock';
import type { IdempotencyStore } from './idempotency';
import type { OutboxStore } from './outbox';
import type { Transactions } from './tx';

/** What every command handler writes with: one transaction port, the clock, the outbox, idempotency keys. */
export interface WriteDeps {
  transactions: Transactions;
  clock: Clock;
  outbox: OutboxStore;
  idempotency: IdempotencyStore;
}

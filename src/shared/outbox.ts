import { subjectOf, type DomainEvent } from './event';
import type { Tx } from './tx';

/** The one way to write events: rows of the `outbox` table, in the caller's transaction. */
export interface OutboxStore {
  append(tx: Tx, events: readonly DomainEvent[]): Promise<void>;
}

/**
 * One statement for any number of events, in order (`seq` follows the array). The relay
 * publishes them after commit with Nats-Msg-Id = event id.
 */
export const pgOutbox: OutboxStore = {
  async append(tx, events) {
    if (events.length === 0) return;
    await tx.query('insert into outbox (id, subject, event) select * from unnest($1::uuid[], $2::text[], $3::jsonb[])', [
      events.map((e) => e.id), events.map(subjectOf), events.map((e) => JSON.stringify(e)),
    ]);
  },
};

import { subjectOf, type DomainEvent } from './event';
import type { Cte } from './sql';

/**
 * Outbox rows from plain SQL, for handlers that run on a pg transaction rather than a MikroORM
 * unit of work (see appendToOutbox). Same table, same columns; one statement for many events,
 * in order (seq follows the array).
 */
export function outboxCte(events: readonly DomainEvent[], name = 'outbox_rows'): Cte {
  return [name, {
    text: 'insert into outbox (id, subject, event) select * from unnest(?::uuid[], ?::text[], ?::jsonb[])',
    params: [events.map((e) => e.id), events.map(subjectOf), events.map((e) => JSON.stringify(e))],
  }];
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Deliveries to the external data platform that kept failing. The exporter parks one row per
 * event after its last attempt; an admin resends it with retryFailedExports. `claimed_until` is a
 * short lease so two admins resending at once do not both send (the receiver dedups anyway).
 * Delivered events are remembered in processed_events (projection = 'data-platform-export').
 */
export class Migration0003Exports extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      create table failed_exports (
        id uuid primary key,
        event_id uuid not null unique,
        event_type text not null,
        aggregate_id uuid not null,
        payload jsonb not null,
        attempts integer not null check (attempts >= 0),
        last_error text not null,
        failed_at timestamptz not null default now(),
        resent_at timestamptz,
        claimed_until timestamptz
      );
      create index failed_exports_open on failed_exports (failed_at desc) where resent_at is null;
    `);
  }
}

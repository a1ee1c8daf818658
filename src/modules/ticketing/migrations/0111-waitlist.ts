import { Migration } from '@mikro-orm/migrations';

/**
 * Waiting lists of sold-out performances. An entry WAITING in line (created_at, id) is OFFERED a
 * HELD reservation when seats free up, then FULFILLED (paid) or LAPSED (the offer ran out).
 * One live entry per user and performance.
 */
export class Migration0111Waitlist extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      create table waitlist_entries (
        id uuid primary key, performance_id uuid not null references performances (id), user_id uuid not null,
        seat_count integer not null check (seat_count > 0), grade text,
        status text not null check (status in ('WAITING', 'OFFERED', 'FULFILLED', 'LAPSED')),
        reservation_id uuid, created_at timestamptz not null, updated_at timestamptz not null, version integer not null default 1
      );
      create unique index waitlist_live_entry on waitlist_entries (performance_id, user_id) where status in ('WAITING', 'OFFERED');
      create index waitlist_line on waitlist_entries (performance_id, created_at, id) where status = 'WAITING';
      create index waitlist_offers on waitlist_entries (reservation_id) where status = 'OFFERED';
    `);
  }
}

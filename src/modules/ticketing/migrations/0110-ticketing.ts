import { Migration } from '@mikro-orm/migrations';

/** Ticketed events: performances, numbered seats, reservations (write model) and their read tables. */
export class Migration0110Ticketing extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      create table ticketed_events (
        id uuid primary key, name text not null, description text not null, venue text not null, category text not null,
        version integer not null default 1, created_at timestamptz not null
      );
      create table performances (
        id uuid primary key, event_id uuid not null references ticketed_events (id),
        starts_at timestamptz not null, sales_open_at timestamptz not null, grades jsonb not null,
        seat_count integer not null check (seat_count > 0), max_seats_per_user integer not null check (max_seats_per_user > 0),
        hold_seconds integer not null check (hold_seconds > 0), version integer not null default 1, created_at timestamptz not null
      );
      create index performances_event on performances (event_id, starts_at);
      -- One row per seat. reservation_id is the hold (until held_until) or, once sold, the buyer's
      -- reservation. A seat is free when it is not sold and its hold has ended: an expired hold
      -- blocks nobody, whether or not the sweeper has run.
      create table seats (
        performance_id uuid not null references performances (id), number integer not null check (number > 0),
        grade text not null, price integer not null check (price >= 0), sold boolean not null default false,
        reservation_id uuid, held_until timestamptz, version integer not null default 1,
        primary key (performance_id, number),
        constraint seats_sold_has_owner check (not sold or reservation_id is not null)
      );
      create table reservations (
        id uuid primary key, performance_id uuid not null references performances (id), user_id uuid not null,
        status text not null check (status in ('HELD', 'PAID', 'EXPIRED', 'RELEASED', 'CANCELLED')),
        seats jsonb not null, total integer not null check (total >= 0), expires_at timestamptz not null,
        created_at timestamptz not null, paid_at timestamptz, payment_id uuid, queue_token text, version integer not null default 1
      );
      create index reservations_user on reservations (user_id, id desc);
      create index reservations_buyer on reservations (performance_id, user_id) where status in ('HELD', 'PAID');
      create index reservations_held_expiry on reservations (expires_at) where status = 'HELD';

      -- Read model (projections/seat-map): built only from events.
      create table event_read (
        id uuid primary key, name text not null, description text not null, venue text not null, category text not null,
        created_at timestamptz not null
      );
      create table performance_read (
        id uuid primary key, event_id uuid not null, starts_at timestamptz not null, sales_open_at timestamptz not null,
        grades jsonb not null, seat_count integer not null, max_seats_per_user integer not null, hold_seconds integer not null
      );
      create index performance_read_event on performance_read (event_id, starts_at);
      create table seat_read (
        performance_id uuid not null, number integer not null, grade text not null, price integer not null,
        status text not null check (status in ('AVAILABLE', 'HELD', 'SOLD')), reservation_id uuid, version bigint not null default 0,
        primary key (performance_id, number)
      );
    `);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * The waiting room's Postgres side. Redis holds the live queue; these tables hold what is
 * needed to rebuild it with its order (tickets), the log of every move (ticket events, which
 * also makes writing them idempotent), and the gates themselves. Idempotent (`if not exists`)
 * so tests may apply it before the module is registered.
 */
export const WAITING_ROOM_SQL = `
  create table if not exists waiting_room_gates (
    id uuid primary key,
    performance_id uuid unique,
    product_id uuid unique,
    state text not null check (state in ('OPEN','PAUSED','CLOSED')),
    fairness text not null check (fairness in ('FIFO','RANDOM_PREQUEUE')),
    max_active integer not null check (max_active > 0),
    admit_per_minute integer not null check (admit_per_minute > 0),
    active_ttl_seconds integer not null check (active_ttl_seconds > 0),
    heartbeat_grace_seconds integer not null check (heartbeat_grace_seconds > 0),
    prequeue_opens_at timestamptz,
    opens_at timestamptz,
    version integer not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((performance_id is null) <> (product_id is null)),
    check (prequeue_opens_at is null or (opens_at is not null and prequeue_opens_at < opens_at))
  );

  -- The projection of the journal: each ticket as of its latest move (version only rises).
  create table if not exists waiting_room_tickets (
    id uuid primary key,
    gate_id uuid not null references waiting_room_gates(id),
    user_id uuid not null,
    seq bigint not null,
    order_key bigint not null,
    prequeued boolean not null,
    status text not null check (status in ('WAITING','ACTIVE','EXPIRED')),
    entered_at timestamptz not null,
    admitted_at timestamptz,
    admitted_no bigint,
    expires_at timestamptz,
    ended_at timestamptz,
    end_reason text check (end_reason in ('TTL','HEARTBEAT','COMPLETED','LEFT')),
    version integer not null
  );
  create index if not exists waiting_room_tickets_live on waiting_room_tickets (gate_id, order_key, id) where status <> 'EXPIRED';
  create index if not exists waiting_room_tickets_seq on waiting_room_tickets (gate_id, seq);
  create index if not exists waiting_room_tickets_admitted on waiting_room_tickets (gate_id, admitted_at) where admitted_at is not null;

  -- One row per move of a ticket: a move written twice (a sweep racing its caller) is a no-op,
  -- and only moves new here get an outbox event.
  create table if not exists waiting_room_ticket_events (
    ticket_id uuid not null,
    version integer not null,
    gate_id uuid not null,
    type text not null,
    occurred_at timestamptz not null,
    primary key (ticket_id, version)
  );
`;

export class Migration0100WaitingRoom extends Migration {
  async up(): Promise<void> {
    this.addSql(WAITING_ROOM_SQL);
  }

  async down(): Promise<void> {
    this.addSql('drop table if exists waiting_room_ticket_events; drop table if exists waiting_room_tickets; drop table if exists waiting_room_gates;');
  }
}

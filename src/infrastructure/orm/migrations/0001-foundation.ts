import { Migration } from '@mikro-orm/migrations';

export class Migration0001Foundation extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      create table users (
        id uuid primary key,
        email text not null unique,
        name text not null,
        password_hash text not null,
        role text not null default 'CUSTOMER' check (role in ('CUSTOMER','ADMIN','MERCHANT','RIDER')),
        version integer not null default 1,
        created_at timestamptz not null default now()
      );

      create table products (
        id uuid primary key,
        name text not null,
        description text not null,
        category text not null,
        price integer not null check (price >= 0),
        version integer not null default 1,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );

      -- Stock is its own aggregate: a hot row changed by atomic conditional updates.
      create table stock (
        product_id uuid primary key references products(id) deferrable initially deferred,
        available integer not null check (available >= 0),
        version integer not null default 1
      );

      create table outbox (
        seq bigserial not null,
        id uuid primary key,
        subject text not null,
        event jsonb not null,
        created_at timestamptz not null default now(),
        published_at timestamptz
      );
      create index outbox_unpublished on outbox (seq) where published_at is null;

      -- Wakes the relay on commit (NOTIFY is transactional); one notification per statement.
      create function outbox_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('outbox', '');
        return null;
      end $$;
      create trigger outbox_notify after insert on outbox
        for each statement execute function outbox_notify();

      create table processed_events (
        projection text not null,
        event_id uuid not null,
        processed_at timestamptz not null default now(),
        primary key (projection, event_id)
      );

      create table dead_letters (
        id bigserial primary key,
        projection text not null,
        subject text not null,
        stream_seq bigint not null,
        payload text not null,
        error text not null,
        deliveries integer not null,
        created_at timestamptz not null default now()
      );

      create table product_read (
        id uuid primary key,
        name text not null,
        description text not null,
        category text not null,
        price integer not null,
        stock integer not null default 0,
        version integer not null default 0,
        stock_version integer not null default 0,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );
      create index product_read_category on product_read (category, id desc);
    `);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Delivery, part 1: stores, menus, delivery orders and their payment steps (write model), and the
 * read tables of projections/store and projections/merchant-queue. Locations are plain lat/lng
 * (double precision) with haversine in SQL; PostGIS comes with part 2.
 */
export class Migration0120Delivery extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      create table delivery_stores (
        id uuid primary key, merchant_id uuid not null, name text not null, description text not null, address text not null,
        lat double precision not null check (lat between -90 and 90), lng double precision not null check (lng between -180 and 180),
        delivery_radius_km double precision not null check (delivery_radius_km > 0), opening_hours jsonb not null,
        version integer not null default 1, created_at timestamptz not null
      );
      create index delivery_stores_merchant on delivery_stores (merchant_id);
      create table delivery_menu_items (
        id uuid primary key, store_id uuid not null references delivery_stores (id), name text not null, description text not null,
        price integer not null check (price > 0), available boolean not null, version integer not null default 1, created_at timestamptz not null
      );
      create index delivery_menu_items_store on delivery_menu_items (store_id, id);

      -- One row per order; every transition is UPDATE … WHERE id = $1 AND version = $expected on the locked row.
      create table delivery_orders (
        id uuid primary key, store_id uuid not null references delivery_stores (id), merchant_id uuid not null, customer_id uuid not null,
        status text not null check (status in ('AWAITING_PAYMENT','PAID','ACCEPTED','COOKING','READY_FOR_PICKUP','PICKED_UP','DELIVERED',
                                               'COMPLETED','REJECTED','CANCELLED','PAYMENT_FAILED')),
        items jsonb not null, total integer not null check (total > 0), delivery_address text not null,
        delivery_lat double precision not null, delivery_lng double precision not null,
        payment_status text not null check (payment_status in ('PENDING','AUTHORIZED','DECLINED','CAPTURED','VOIDED','REFUNDED')),
        payment_attempt integer not null default 1, card_token text not null, authorization_id text, decline_reason text,
        placed_at timestamptz not null, paid_at timestamptz, accepted_at timestamptz, cooking_started_at timestamptz, ready_at timestamptz,
        estimated_ready_at timestamptz, closed_at timestamptz, reject_reason text, history jsonb not null,
        -- When the reconciler last found no authorization for the current attempt (it looks at the least recently checked first).
        payment_checked_at timestamptz,
        version integer not null default 1
      );
      create index delivery_orders_customer on delivery_orders (customer_id, id desc);
      create index delivery_orders_unaccepted on delivery_orders (paid_at) where status = 'PAID';
      create index delivery_orders_payment_unknown on delivery_orders ((coalesce(payment_checked_at, placed_at))) where status = 'AWAITING_PAYMENT';

      -- The saga's gateway steps still owed (capture when cooking starts, void when an order stops
      -- before it or a change replaced its authorization), written in the same transaction as the
      -- transition that owes them: a crash after commit loses nothing, and the primary key makes
      -- "at most one capture and one void per authorization" a fact.
      create table delivery_payment_steps (
        order_id uuid not null references delivery_orders (id), step text not null check (step in ('CAPTURE','VOID','REFUND')),
        authorization_key text not null, authorization_id text, amount integer not null,
        status text not null default 'PENDING' check (status in ('PENDING','DONE','NOTHING_TO_DO')),
        attempts integer not null default 0, leased_until timestamptz, last_error text, created_at timestamptz not null, done_at timestamptz,
        primary key (order_id, step, authorization_key)
      );
      create index delivery_payment_steps_pending on delivery_payment_steps (created_at) where status = 'PENDING';

      -- Read model projections/store: built only from events.
      create table store_read (
        id uuid primary key, merchant_id uuid not null, name text not null, description text not null, address text not null,
        lat double precision not null, lng double precision not null, delivery_radius_km double precision not null,
        opening_hours jsonb not null, version integer not null
      );
      create index store_read_lat on store_read (lat, lng);
      create table menu_item_read (
        id uuid primary key, store_id uuid not null, name text not null, description text not null, price integer not null,
        available boolean not null, version integer not null
      );
      create index menu_item_read_store on menu_item_read (store_id, id);

      -- Read model projections/merchant-queue: the merchant's live queue.
      create table merchant_order_read (
        id uuid primary key, store_id uuid not null, merchant_id uuid not null, customer_id uuid not null, status text not null,
        payment_status text not null, items jsonb not null, total integer not null, placed_at timestamptz not null,
        estimated_ready_at timestamptz, version integer not null
      );
      create index merchant_order_read_queue on merchant_order_read (store_id, status, id);
    `);
  }
}

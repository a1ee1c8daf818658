import { Migration } from '@mikro-orm/migrations';

/** Wallet ledger, orders and idempotency keys (issue 3). */
export class Migration0002Commerce extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      -- One row per user, created by the first charge. Changed only by conditional UPDATEs
      -- (wallet.store.ts) that also append the ledger row in the same statement.
      create table wallets (
        user_id uuid primary key,
        balance integer not null check (balance >= 0),
        version integer not null default 1,
        updated_at timestamptz not null
      );

      -- The ledger: amount is the signed change (CHARGE and REFUND add, PAYMENT subtracts), so
      -- sum(amount) per user equals wallets.balance. A PAYMENT row is the order's payment record.
      create table wallet_transactions (
        id uuid primary key,
        user_id uuid not null,
        type text not null check (type in ('CHARGE', 'PAYMENT', 'REFUND')),
        amount integer not null,
        balance_after integer not null check (balance_after >= 0),
        order_id uuid,
        created_at timestamptz not null,
        constraint wallet_transactions_sign check (case type when 'PAYMENT' then amount <= 0 when 'CHARGE' then amount > 0 else amount >= 0 end),
        constraint wallet_transactions_order check (type = 'CHARGE' or order_id is not null)
      );
      create index wallet_transactions_user on wallet_transactions (user_id, id desc);
      -- At most one payment and one refund per order, whatever the application does.
      create unique index wallet_transactions_one_payment on wallet_transactions (order_id) where type = 'PAYMENT';
      create unique index wallet_transactions_one_refund on wallet_transactions (order_id) where type = 'REFUND';

      create table orders (
        id uuid primary key,
        user_id uuid not null,
        status text not null constraint orders_status_known check (status in ('PENDING', 'PAID', 'CANCELLED', 'EXPIRED')),
        subtotal integer not null check (subtotal >= 0),
        discount integer not null default 0 check (discount >= 0 and discount <= subtotal),
        total integer not null check (total = subtotal - discount),
        coupon_id uuid,
        expires_at timestamptz not null,
        created_at timestamptz not null,
        paid_at timestamptz,
        cancelled_at timestamptz,
        version integer not null default 1
      );
      create index orders_user on orders (user_id, id desc);
      -- What the expiry worker scans: only open orders, by deadline.
      create index orders_pending_expiry on orders (expires_at) where status = 'PENDING';

      create table order_items (
        order_id uuid not null references orders (id),
        product_id uuid not null,
        product_name text not null,
        unit_price integer not null check (unit_price >= 0),
        quantity integer not null check (quantity > 0),
        line_total integer not null check (line_total = unit_price * quantity),
        primary key (order_id, product_id)
      );

      -- Claimed in the same transaction as the effect: a concurrent claim of the same key waits
      -- on the uncommitted row, then sees it. response is the payload replayed to retries.
      create table idempotency_keys (
        user_id uuid not null,
        operation text not null,
        key text not null,
        request_hash text not null,
        response jsonb,
        created_at timestamptz not null,
        primary key (user_id, operation, key)
      );
      create index idempotency_keys_created on idempotency_keys (created_at);
    `);
  }
}

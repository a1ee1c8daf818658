import { Migration } from '@mikro-orm/migrations';

export class Migration0004Coupons extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      -- A campaign is a hot row during a stampede: issued_quantity only ever moves by the atomic
      -- conditional UPDATE in coupon-issue.store.ts; the check keeps it honest even against bugs.
      create table coupon_campaigns (
        id uuid primary key,
        name text not null,
        discount_type text not null check (discount_type in ('PERCENT','FIXED')),
        discount_value integer not null check (discount_value > 0),
        total_quantity integer not null check (total_quantity > 0),
        issued_quantity integer not null default 0 check (issued_quantity between 0 and total_quantity),
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        coupon_valid_days integer not null check (coupon_valid_days > 0),
        min_order_amount integer not null default 0 check (min_order_amount >= 0),
        version integer not null default 1,
        created_at timestamptz not null,
        check (ends_at > starts_at),
        check (discount_type <> 'PERCENT' or discount_value <= 100)
      );
      create index coupon_campaigns_ends_at on coupon_campaigns (ends_at);

      -- One coupon per user per campaign is a unique index, not a check-then-insert.
      -- Terms are copied from the campaign at issue so a coupon is self-contained.
      create table coupons (
        id uuid primary key,
        campaign_id uuid not null references coupon_campaigns(id),
        user_id uuid not null,
        status text not null default 'AVAILABLE' check (status in ('AVAILABLE','RESERVED','USED','EXPIRED')),
        discount_type text not null,
        discount_value integer not null,
        min_order_amount integer not null default 0,
        issued_at timestamptz not null,
        expires_at timestamptz not null,
        order_id uuid,
        reserved_at timestamptz,
        used_at timestamptz,
        version integer not null default 1,
        unique (campaign_id, user_id),
        check ((status in ('RESERVED','USED')) = (order_id is not null))
      );
      create index coupons_user on coupons (user_id, issued_at desc);
    `);
  }
}

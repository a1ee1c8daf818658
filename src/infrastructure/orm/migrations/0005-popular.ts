import { Migration } from '@mikro-orm/migrations';

/**
 * Popular-products read model (projections/popular). Per-day buckets keyed by the UTC day the
 * order was paid: a cancellation after payment subtracts from the same day, so a bucket is
 * always "what was paid that day and is still paid". Sums are commutative, so events may arrive
 * in any order; a bucket can dip below zero for a moment (cancel before its payment) and the
 * queries only count positive totals. Idempotency comes from processed_events (same transaction).
 */
export class Migration0005Popular extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      create table popular_daily (
        day date not null,
        product_id uuid not null,
        sold_quantity integer not null default 0,
        revenue bigint not null default 0,
        primary key (day, product_id)
      );
      -- recommendedProducts reads one category's products over a range of days.
      create index popular_daily_product on popular_daily (product_id, day);

      create table popular_orders_daily (
        day date primary key,
        paid_orders integer not null default 0
      );
    `);
  }
}

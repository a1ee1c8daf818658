import type { Pool } from 'pg';
import type { MerchantOrderRead } from './merchant-queue.read';

/**
 * The merchant's queue, read from merchant_order_read (no cache: it is the merchant's own live
 * view and changes with every order; one indexed range read per page). Oldest first: the order
 * waiting longest is served first. Page and count from one statement (one snapshot).
 */
export class MerchantQueueQueries {
  constructor(private readonly pool: Pool) {}

  async page(storeId: string, status: string | null, first: number, after: string | null): Promise<{ orders: MerchantOrderRead[]; hasNextPage: boolean; totalCount: number }> {
    const { rows } = await this.pool.query<MerchantOrderRead & { total_count: string }>(
      `with mine as (select * from merchant_order_read where store_id = $1 and ($2::text is null or status = $2))
       select id, store_id as "storeId", customer_id as "customerId", status, payment_status as "paymentStatus", items, total,
              to_json(placed_at) #>> '{}' as "placedAt", to_json(estimated_ready_at) #>> '{}' as "estimatedReadyAt", version,
              (select count(*) from mine) as total_count
       from mine where $3::uuid is null or id > $3 order by id limit $4`,
      [storeId, status, after, first + 1],
    );
    return {
      orders: rows.slice(0, first).map(({ total_count: _, ...o }) => o),
      hasNextPage: rows.length > first,
      totalCount: rows.length ? Number(rows[0].total_count) : 0,
    };
  }
}

import type { Tx } from '../../src/shared/tx';
import type { DomainEvent } from '../../src/shared/event';
import type { Cache } from '../../src/infrastructure/redis/cache';
import { DELIVERY_ORDER_EVENT_TYPES, type DeliveryOrderEvent } from '../../src/modules/delivery/events';
import type { Projection } from '../projection';
import { MERCHANT_QUEUE_GENERATION_KEY, MERCHANT_QUEUE_READ_MODEL } from './merchant-queue.read';

/**
 * merchant_order_read: one row per delivery order, the newest state by aggregateVersion (every
 * DeliveryOrder event carries the whole state after it). So duplicates, replays and arrivals in
 * any order end the same, and an order that arrives while the merchant side was down appears
 * exactly once when it comes back (the primary key; the durable consumer resumes where it was).
 */
export class MerchantQueueProjection implements Projection<{ changed: number }> {
  readonly name = 'merchant-queue';
  readonly eventTypes: ReadonlySet<string> = new Set(DELIVERY_ORDER_EVENT_TYPES);
  readonly readModel = MERCHANT_QUEUE_READ_MODEL;

  constructor(private readonly cache: Cache) {}

  async applyBatch(tx: Tx, raw: DomainEvent[]): Promise<{ changed: number }> {
    const newest = new Map<string, DeliveryOrderEvent>();
    for (const e of raw as DeliveryOrderEvent[]) {
      const seen = newest.get(e.aggregateId);
      if (!seen || seen.aggregateVersion < e.aggregateVersion) newest.set(e.aggregateId, e);
    }
    if (newest.size === 0) return { changed: 0 };
    const rows = [...newest.values()].sort((a, b) => (a.aggregateId < b.aggregateId ? -1 : 1)).map((e) => ({
      id: e.aggregateId, store_id: e.data.storeId, merchant_id: e.data.merchantId, customer_id: e.data.customerId, status: e.data.status,
      payment_status: e.data.paymentStatus, items: e.data.items, total: e.data.total, placed_at: e.data.placedAt,
      estimated_ready_at: e.data.estimatedReadyAt, version: e.aggregateVersion,
    }));
    const written = await tx.query(
      `insert into merchant_order_read (id, store_id, merchant_id, customer_id, status, payment_status, items, total, placed_at, estimated_ready_at, version)
       select * from jsonb_to_recordset($1::jsonb) as x(id uuid, store_id uuid, merchant_id uuid, customer_id uuid, status text, payment_status text,
         items jsonb, total int, placed_at timestamptz, estimated_ready_at timestamptz, version int)
       on conflict (id) do update set status = excluded.status, payment_status = excluded.payment_status, items = excluded.items,
         total = excluded.total, estimated_ready_at = excluded.estimated_ready_at, version = excluded.version
       where merchant_order_read.version < excluded.version
       returning 1`,
      [JSON.stringify(rows)],
    );
    return { changed: written.length };
  }

  async afterCommit({ changed }: { changed: number }): Promise<void> {
    if (changed > 0) await this.cache.attempt('merchant-queue', (r) => r.incr(MERCHANT_QUEUE_GENERATION_KEY));
  }

  async reset(tx: Tx): Promise<void> {
    await tx.query('truncate merchant_order_read');
  }
}

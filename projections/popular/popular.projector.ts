import type { Pool } from 'pg';
import type { Tx } from '../../src/shared/tx';
import type { Cache } from '../../src/infrastructure/redis/cache';
import type { DomainEvent } from '../../src/shared/event';
import { isId } from '../../src/shared/ids';
import type { Projection } from '../projection';
import { DEFAULT_DAYS, DEFAULT_LIMIT, POPULAR_GENERATION_KEY, POPULAR_READ_MODEL } from './popular.cache';
import { PopularQueries } from './popular.query';
import { utcDay } from './popular.window';

/** The parts of the Order events (see the Order contract) this read model needs. */
interface SoldItem {
  productId: string;
  quantity: number;
  lineTotal: number;
}
type OrderSaleEvent =
  | DomainEvent<'OrderPaid', { paidAt: string; items: SoldItem[] }>
  | DomainEvent<'OrderCancelled', { previousStatus: string; paidAt: string | null; items: SoldItem[] }>;

/** What a batch did: whether any bucket moved (false when every event was a duplicate or not a sale). */
export interface PopularChanges {
  changed: boolean;
}

/** One event's effect: +1 order and its items on the paid day, or −1 and minus them. */
interface Sale {
  day: string;
  sign: 1 | -1;
  items: SoldItem[];
}

/**
 * popular_daily / popular_orders_daily: net paid sales per UTC day of payment. A cancellation
 * of a paid order subtracts from the day of its payment (paidAt travels in the event), so a
 * ranking over any window counts exactly the orders paid in it and still paid. Idempotent per
 * event id through processed_events in the runner's transaction: a redelivered or republished
 * event never counts twice. A micro-batch is applied in three statements whatever its size, and
 * rows are upserted in key order so concurrent projector processes cannot deadlock each other.
 */
export class PopularProjection implements Projection<PopularChanges> {
  readonly name = 'popular';
  readonly eventTypes = new Set(['OrderPaid', 'OrderCancelled']);
  readonly readModel = POPULAR_READ_MODEL;

  private readonly queries: PopularQueries;

  constructor(pool: Pool, private readonly cache: Cache) {
    this.queries = new PopularQueries(pool, cache);
  }

  async applyBatch(tx: Tx, events: DomainEvent[]): Promise<PopularChanges> {
    const unchanged = { changed: false };
    const sales = new Map<string, Sale>();
    for (const event of events) {
      const sale = toSale(event as OrderSaleEvent);
      if (sale) sales.set(event.id, sale);
    }
    if (sales.size === 0) return unchanged;
    const rows = await tx.query<{ event_id: string }>(
      `insert into processed_events (projection, event_id)
       select $1, id from unnest($2::uuid[]) as id order by id
       on conflict do nothing returning event_id`,
      [this.name, [...sales.keys()]],
    );
    if (rows.length === 0) return unchanged; // all seen before

    const products = new Map<string, { day: string; productId: string; quantity: number; revenue: number }>();
    const orders = new Map<string, number>();
    for (const { event_id: id } of rows) {
      const sale = sales.get(id)!;
      orders.set(sale.day, (orders.get(sale.day) ?? 0) + sale.sign);
      for (const item of sale.items) {
        const key = `${sale.day}|${item.productId}`;
        const bucket = products.get(key) ?? { day: sale.day, productId: item.productId, quantity: 0, revenue: 0 };
        bucket.quantity += sale.sign * item.quantity;
        bucket.revenue += sale.sign * item.lineTotal;
        products.set(key, bucket);
      }
    }
    const buckets = [...products.values()].sort((a, b) => (a.day === b.day ? cmp(a.productId, b.productId) : cmp(a.day, b.day)));
    await tx.query(
      `insert into popular_daily (day, product_id, sold_quantity, revenue)
       select * from unnest($1::date[], $2::uuid[], $3::int[], $4::bigint[])
       on conflict (day, product_id) do update set
         sold_quantity = popular_daily.sold_quantity + excluded.sold_quantity,
         revenue = popular_daily.revenue + excluded.revenue`,
      [buckets.map((b) => b.day), buckets.map((b) => b.productId), buckets.map((b) => b.quantity), buckets.map((b) => b.revenue)],
    );
    const days = [...orders.keys()].sort(cmp);
    await tx.query(
      `insert into popular_orders_daily (day, paid_orders)
       select * from unnest($1::date[], $2::int[])
       on conflict (day) do update set paid_orders = popular_orders_daily.paid_orders + excluded.paid_orders`,
      [days, days.map((d) => orders.get(d)!)],
    );
    return { changed: true };
  }

  /**
   * Evicts every cached ranking at once (new generation) and refreshes the default one, so the
   * storefront's next read is a hit. Skipped when the batch changed nothing (all duplicates).
   */
  async afterCommit({ changed }: PopularChanges): Promise<void> {
    if (!changed) return;
    const generation = await this.cache.attempt('popular', (r) => r.incr(POPULAR_GENERATION_KEY));
    if (generation === undefined) return; // Redis away: readers go to Postgres until it is back
    await this.queries.refresh(String(generation), new Date(), DEFAULT_DAYS, DEFAULT_LIMIT);
  }

  async reset(tx: Tx): Promise<void> {
    await tx.query('truncate popular_daily, popular_orders_daily');
  }

  async resetCache(): Promise<void> {
    await this.cache.attempt('popular', (r) => r.incr(POPULAR_GENERATION_KEY));
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Paid sales and cancellations of paid orders count; anything else is not a sale. A malformed event throws (dead letter). */
function toSale(event: OrderSaleEvent): Sale | undefined {
  if (event.type === 'OrderCancelled' && event.data?.previousStatus !== 'PAID') return undefined;
  const paidAt = event.data?.paidAt;
  const day = typeof paidAt === 'string' && !Number.isNaN(Date.parse(paidAt)) ? utcDay(new Date(paidAt)) : undefined;
  const items = event.data?.items;
  if (!day || !Array.isArray(items) || !items.every(validItem)) {
    throw new Error(`${event.type} ${event.id} lacks a valid paidAt or items`);
  }
  return { day, sign: event.type === 'OrderPaid' ? 1 : -1, items };
}

function validItem(item: SoldItem): boolean {
  return typeof item?.productId === 'string' && isId(item.productId)
    && Number.isInteger(item.quantity) && item.quantity > 0 && Number.isInteger(item.lineTotal) && item.lineTotal >= 0;
}

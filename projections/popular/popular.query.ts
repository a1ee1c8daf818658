import type { Pool } from 'pg';
import type { Cache } from '../../src/infrastructure/redis/cache';
import type { ReadModel } from '../projection';
import { PRODUCT_COLUMNS, PRODUCT_READ_MODEL, toProductRead, type ProductRead } from '../product';
import { POPULAR_GENERATION_KEY, POPULAR_READ_MODEL, POPULAR_TTL_SECONDS, popularKey } from './popular.cache';
import { rankingWindow, type RankingWindow } from './popular.window';

export interface PopularItem {
  rank: number;
  productId: string;
  soldQuantity: number;
  revenue: number;
  /** Rank in the previous window of the same length; null when the product did not sell then. */
  previousRank: number | null;
}

export interface PopularRanking {
  /** ISO-8601 instants, [from, to). */
  from: string;
  to: string;
  days: number;
  /** Orders paid inside the window and not cancelled since. */
  totalOrders: number;
  items: PopularItem[];
}

/** How many days of sales recommendedProducts weighs. */
export const RECOMMENDATION_DAYS = 7;

/**
 * Best sellers by quantity, then revenue, then product id (ascending): a total order, so equal
 * sellers always come out the same way. Only products the catalog read model knows are ranked,
 * so every item resolves to a Product. Positive net totals only (a cancelled sale nets to 0).
 * totalOrders comes from the same statement, so from the same snapshot as the items: a projector
 * commit cannot land between them (it could between two parallel queries, and the split answer
 * was then cached for the whole generation). One row per item, or one row with null item columns.
 */
const RANKING_SQL = `
  with current_sales as (
    select d.product_id, sum(d.sold_quantity)::bigint as sold, sum(d.revenue)::bigint as revenue
    from popular_daily d join product_read p on p.id = d.product_id and p.version > 0
    where d.day between $1::date and $2::date
    group by d.product_id having sum(d.sold_quantity) > 0
  ), current_ranked as (
    select product_id, sold, revenue, row_number() over (order by sold desc, revenue desc, product_id) as rank
    from current_sales
  ), previous_ranked as (
    select d.product_id,
      row_number() over (order by sum(d.sold_quantity) desc, sum(d.revenue) desc, d.product_id) as rank
    from popular_daily d join product_read p on p.id = d.product_id and p.version > 0
    where d.day between $3::date and $4::date
    group by d.product_id having sum(d.sold_quantity) > 0
  ), paid_orders as (
    select coalesce(sum(paid_orders), 0)::bigint as n from popular_orders_daily where day between $1::date and $2::date
  )
  select o.n as "totalOrders", r.*
  from paid_orders o left join lateral (
    select c.product_id as "productId", c.sold as "soldQuantity", c.revenue, c.rank, p.rank as "previousRank"
    from current_ranked c left join previous_ranked p using (product_id)
    where c.rank <= $5
  ) r on true
  order by r.rank`;

/** Reads of the popular read model: Redis first, Postgres when Redis misses or is away. */
export class PopularQueries {
  /** Rankings and recommendations are sums of the popular buckets joined with product_read. */
  static readonly reads: readonly ReadModel[] = [POPULAR_READ_MODEL, PRODUCT_READ_MODEL];

  constructor(private readonly pool: Pool, private readonly cache: Cache) {}

  async popular(now: Date, days: number, limit: number): Promise<PopularRanking> {
    const window = rankingWindow(now, days);
    const generation = await this.cache.attempt('popular', (r) => r.get(POPULAR_GENERATION_KEY));
    // undefined: Redis is away, go straight to Postgres and do not try to write either.
    if (generation === undefined) return this.fromDb(window, limit);
    const key = popularKey(generation ?? '0', window.lastDay, days, limit);
    const cached = await this.cache.get<PopularRanking>('popular', key);
    if (cached) return cached;
    const ranking = await this.fromDb(window, limit);
    await this.cache.set('popular', key, ranking, POPULAR_TTL_SECONDS);
    return ranking;
  }

  /** After a projector commit: compute and store the ranking under the new generation. */
  async refresh(generation: string, now: Date, days: number, limit: number): Promise<void> {
    const window = rankingWindow(now, days);
    const ranking = await this.fromDb(window, limit);
    await this.cache.set('popular', popularKey(generation, window.lastDay, days, limit), ranking, POPULAR_TTL_SECONDS);
  }

  async fromDb(window: RankingWindow, limit: number): Promise<PopularRanking> {
    const { rows } = await this.pool.query(
      RANKING_SQL, [window.firstDay, window.lastDay, window.previousFirstDay, window.previousLastDay, limit],
    );
    return {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      days: window.days,
      totalOrders: Math.max(0, Number(rows[0]?.totalOrders ?? 0)),
      items: rows.filter((row) => row.productId !== null).map((row) => ({
        rank: Number(row.rank),
        productId: row.productId,
        soldQuantity: Number(row.soldQuantity),
        revenue: Number(row.revenue),
        previousRank: row.previousRank === null ? null : Number(row.previousRank),
      })),
    };
  }

  /**
   * Alternatives to a product: in-stock products of its category, best sellers of the last
   * RECOMMENDATION_DAYS first (quantity, revenue, id), then those without sales (newest first),
   * never the product itself. Empty when the product is unknown.
   */
  async recommended(productId: string, now: Date, limit: number): Promise<ProductRead[]> {
    const window = rankingWindow(now, RECOMMENDATION_DAYS);
    const { rows } = await this.pool.query(
      `with target as (select category from product_read where id = $1 and version > 0),
       sales as (
         select d.product_id, sum(d.sold_quantity) as sold, sum(d.revenue) as revenue
         from popular_daily d join product_read p on p.id = d.product_id
         where d.day between $2::date and $3::date and p.category = (select category from target)
         group by d.product_id having sum(d.sold_quantity) > 0
       )
       select ${PRODUCT_COLUMNS} from (
         select p.*, s.sold, s.revenue
         from product_read p left join sales s on s.product_id = p.id
         where p.category = (select category from target) and p.id <> $1 and p.version > 0 and p.stock > 0
       ) candidates
       order by sold desc nulls last, revenue desc nulls last, case when sold is null then null else id end, id desc
       limit $4`,
      [productId, window.firstDay, window.lastDay, limit],
    );
    return rows.map(toProductRead);
  }
}

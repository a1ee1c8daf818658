import type { Pool } from 'pg';
import type { Cache } from '../../src/infrastructure/redis/cache';
import type { ReadModel } from '../projection';
import { PRODUCT_COLUMNS, toProductRead, type ProductRead } from './product.read';
import {
  PRODUCT_READ_MODEL, PRODUCTS_GENERATION_KEY, PRODUCTS_PAGE_TTL_SECONDS, cacheProduct, productKey, productsPageKey,
} from './product.cache';

/**
 * A product is shown once both its own event and its first stock event are in. createProduct
 * writes both in one transaction, but the projector may apply them in two micro-batches; in
 * between, the row would show the new product with 0 units.
 */
const VISIBLE = 'version > 0 and stock_version > 0';

export interface ProductPage {
  items: ProductRead[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Reads of product_read: Redis first, Postgres when Redis misses or is away. */
export class ProductQueries {
  /** The read models every answer here is made from: a cached answer is tagged with their generation keys. */
  static readonly reads: readonly ReadModel[] = [PRODUCT_READ_MODEL];

  constructor(private readonly pool: Pool, private readonly cache: Cache) {}

  async byId(id: string): Promise<ProductRead | null> {
    const cached = await this.cache.get<ProductRead>('product', productKey(id));
    if (cached) return cached;
    const [product] = await this.byIdsFromDb([id]);
    if (product) await cacheProduct(this.cache, product);
    return product ?? null;
  }

  /** For DataLoaders: one query for many ids, in no particular order. */
  async byIdsFromDb(ids: readonly string[]): Promise<ProductRead[]> {
    const { rows } = await this.pool.query(
      `select ${PRODUCT_COLUMNS} from product_read where id = any($1::uuid[]) and ${VISIBLE}`,
      [ids],
    );
    return rows.map(toProductRead);
  }

  /**
   * Newest first; `after` is the id of the last product the client saw. null when no visible
   * product has that id: a made-up cursor is refused, never answered, so it never becomes a
   * cache entry (fresh made-up cursors used to fill Redis with a new page each).
   */
  async page(first: number, after: string | null, category: string | null): Promise<ProductPage | null> {
    const generation = await this.cache.attempt('products', (r) => r.get(PRODUCTS_GENERATION_KEY));
    const key = generation !== undefined ? productsPageKey(generation ?? '0', category, first, after) : undefined;
    if (key) {
      const cached = await this.cache.get<ProductPage>('products', key);
      if (cached) return cached;
    }
    // One statement, so one snapshot: the count and the page cannot straddle a projector commit
    // (two parallel queries on two pooled connections could, and the split page got cached).
    // The count is its own one-row subquery, so an empty page still carries it.
    const { rows } = await this.pool.query(
      `select c.n as "totalCount",
         ($2::uuid is null or exists (select 1 from product_read where id = $2 and ${VISIBLE})) as "afterKnown", p.*
       from (select count(*)::int as n from product_read where ${VISIBLE} and ($1::text is null or category = $1)) c
       left join lateral (
         select ${PRODUCT_COLUMNS} from product_read
         where ${VISIBLE} and ($1::text is null or category = $1) and ($2::uuid is null or id < $2)
         order by id desc limit $3
       ) p on true
       order by p.id desc`,
      [category, after, first + 1],
    );
    if (!rows[0].afterKnown) return null;
    const found = rows.filter((row) => row.id !== null).map(({ totalCount: _n, afterKnown: _k, ...product }) => product);
    const page: ProductPage = {
      items: found.slice(0, first).map(toProductRead),
      hasNextPage: found.length > first,
      totalCount: rows[0].totalCount,
    };
    if (key) await this.cache.set('products', key, page, PRODUCTS_PAGE_TTL_SECONDS);
    return page;
  }
}

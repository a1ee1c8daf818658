import type { Pool } from 'pg';
import type { Tx } from '../../src/shared/tx';
import type { Cache } from '../../src/infrastructure/redis/cache';
import type { DomainEvent } from '../../src/shared/event';
import type { CatalogEvent } from '../../src/modules/catalog';
import type { Projection } from '../projection';
import { PRODUCT_COLUMNS, toProductRead } from './product.read';
import { PRODUCT_KEYS_PATTERN, PRODUCT_READ_MODEL, PRODUCTS_GENERATION_KEY, cacheProduct } from './product.cache';

/** The version guards `apply` and `applyBatch` share: a row only ever moves to a newer product or stock version. */
const PRODUCT_FIELDS_UPSERT = `on conflict (id) do update set name = excluded.name, description = excluded.description,
    category = excluded.category, price = excluded.price, version = excluded.version,
    created_at = excluded.created_at, updated_at = excluded.updated_at
  where product_read.version < excluded.version`;
const STOCK_UPSERT = `on conflict (id) do update set stock = excluded.stock, stock_version = excluded.stock_version
  where product_read.stock_version < excluded.stock_version`;

/** What a batch touched: the products whose rows (and so cache entries) may have moved. */
export interface ProductChanges {
  productIds: string[];
}

/**
 * product_read: one row per product with its current stock. Product fields are guarded by the
 * Product aggregate's version, stock by the Stock aggregate's version, so events may arrive
 * twice or out of order and the row still ends at the newest state.
 */
export class ProductProjection implements Projection<ProductChanges> {
  readonly name = 'product';
  readonly eventTypes = new Set(['ProductCreated', 'ProductUpdated', 'StockChanged']);
  readonly readModel = PRODUCT_READ_MODEL;

  constructor(private readonly pool: Pool, private readonly cache: Cache) {}

  /** One event in its own statement: the reference `applyBatch` must agree with (see its int spec). */
  async apply(tx: Tx, raw: DomainEvent): Promise<void> {
    const event = raw as CatalogEvent;
    switch (event.type) {
      case 'ProductCreated':
      case 'ProductUpdated': {
        const d = event.data;
        await tx.query(
          `insert into product_read (id, name, description, category, price, version, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8)
           ${PRODUCT_FIELDS_UPSERT}`,
          [event.aggregateId, d.name, d.description, d.category, d.price, event.aggregateVersion, d.createdAt, d.updatedAt],
        );
        return;
      }
      case 'StockChanged': {
        // A stock event may overtake its ProductCreated: the placeholder row (version 0) stays
        // invisible to queries until the product's own event fills it in.
        await tx.query(
          `insert into product_read (id, name, description, category, price, stock, stock_version, created_at, updated_at)
           values ($1, '', '', '', 0, $2, $3, $4, $4)
           ${STOCK_UPSERT}`,
          [event.data.productId, event.data.available, event.aggregateVersion, event.occurredAt],
        );
        return;
      }
    }
  }

  /**
   * A micro-batch in at most two statements instead of one per event. Only the newest event per
   * product (by aggregate version) can win its version guard, so the rest are dropped before the
   * upsert — which also keeps one multi-row ON CONFLICT from touching a row twice. Rows go in id
   * order so two projector processes lock them in the same order. Same end state as `apply`
   * one event at a time.
   */
  async applyBatch(tx: Tx, raw: DomainEvent[]): Promise<ProductChanges> {
    const products = new Map<string, CatalogEvent & { type: 'ProductCreated' | 'ProductUpdated' }>();
    const stocks = new Map<string, CatalogEvent & { type: 'StockChanged' }>();
    for (const event of raw as CatalogEvent[]) {
      if (event.type === 'StockChanged') {
        const seen = stocks.get(event.data.productId);
        if (!seen || seen.aggregateVersion < event.aggregateVersion) stocks.set(event.data.productId, event);
      } else {
        const seen = products.get(event.aggregateId);
        if (!seen || seen.aggregateVersion < event.aggregateVersion) products.set(event.aggregateId, event);
      }
    }
    const byId = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
    if (products.size > 0) {
      const p = byId(products);
      await tx.query(
        `insert into product_read (id, name, description, category, price, version, created_at, updated_at)
         select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::timestamptz[], $8::timestamptz[])
         ${PRODUCT_FIELDS_UPSERT}`,
        [p.map((e) => e.aggregateId), p.map((e) => e.data.name), p.map((e) => e.data.description), p.map((e) => e.data.category),
          p.map((e) => e.data.price), p.map((e) => e.aggregateVersion), p.map((e) => e.data.createdAt), p.map((e) => e.data.updatedAt)],
      );
    }
    if (stocks.size > 0) {
      const s = byId(stocks);
      await tx.query(
        `insert into product_read (id, name, description, category, price, stock, stock_version, created_at, updated_at)
         select id, '', '', '', 0, stock, stock_version, at, at
         from unnest($1::uuid[], $2::int[], $3::int[], $4::timestamptz[]) as t(id, stock, stock_version, at)
         ${STOCK_UPSERT}`,
        [s.map((e) => e.data.productId), s.map((e) => e.data.available), s.map((e) => e.aggregateVersion), s.map((e) => e.occurredAt)],
      );
    }
    return { productIds: [...new Set([...products.keys(), ...stocks.keys()])] };
  }

  /** Refreshes the touched products' entries (never overwriting a newer one) and retires every cached page. */
  async afterCommit({ productIds }: ProductChanges): Promise<void> {
    if (productIds.length === 0) return;
    const { rows } = await this.pool.query(`select ${PRODUCT_COLUMNS} from product_read where id = any($1::uuid[]) and version > 0`, [productIds]);
    await Promise.all(rows.map((row) => cacheProduct(this.cache, toProductRead(row))));
    await this.cache.attempt('products', (r) => r.incr(PRODUCTS_GENERATION_KEY));
  }

  async reset(tx: Tx): Promise<void> {
    await tx.query('truncate product_read');
  }

  /** Drops every cached product. SCAN in pages, not KEYS: KEYS blocks Redis for every other client while it walks the keyspace. */
  async resetCache(): Promise<void> {
    await this.cache.attempt('products', async (r) => {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', PRODUCT_KEYS_PATTERN, 'COUNT', 1000);
        if (keys.length > 0) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      return r.incr(PRODUCTS_GENERATION_KEY);
    });
  }
}

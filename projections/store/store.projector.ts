import type { Pool } from 'pg';
import type { Tx } from '../../src/shared/tx';
import type { Cache } from '../../src/infrastructure/redis/cache';
import type { DomainEvent } from '../../src/shared/event';
import type { DeliveryEvent } from '../../src/modules/delivery/events';
import type { Projection } from '../projection';
import { ALL_KEYS_PATTERN, putStoreDoc, STORE_GENERATION_KEY, STORE_READ_MODEL } from './store.cache';
import { StoreQueries } from './store.query';

type StoreEvent = DeliveryEvent & { type: 'StoreRegistered' };
type MenuEvent = DeliveryEvent & { type: 'MenuItemAdded' | 'MenuItemUpdated' };

/**
 * store_read and menu_item_read from the Store and MenuItem events. Idempotent by aggregate
 * version: a row is written only by an event newer than what it holds, so duplicates, replays
 * and any arrival order end in the newest state. After commit the changed store documents are
 * refreshed (never replaced by an older one) and the generation moves on (stores(near:) pages).
 */
export class StoreProjection implements Projection<{ storeIds: string[] }> {
  readonly name = 'store';
  readonly eventTypes = new Set(['StoreRegistered', 'MenuItemAdded', 'MenuItemUpdated']);
  readonly readModel = STORE_READ_MODEL;
  private readonly queries: StoreQueries;

  constructor(pool: Pool, private readonly cache: Cache) {
    this.queries = new StoreQueries(pool, cache);
  }

  async applyBatch(tx: Tx, raw: DomainEvent[]): Promise<{ storeIds: string[] }> {
    const stores = new Map<string, StoreEvent>();
    const items = new Map<string, MenuEvent>();
    for (const e of raw as DeliveryEvent[]) {
      if (e.type === 'StoreRegistered') stores.set(e.aggregateId, e);
      else if (e.type === 'MenuItemAdded' || e.type === 'MenuItemUpdated') {
        const seen = items.get(e.aggregateId);
        if (!seen || seen.aggregateVersion < e.aggregateVersion) items.set(e.aggregateId, e);
      }
    }
    const byId = <T extends DomainEvent>(m: Map<string, T>) => [...m.values()].sort((a, b) => (a.aggregateId < b.aggregateId ? -1 : 1));
    const s = byId(stores);
    const m = byId(items);
    const [storeRows, itemRows] = await Promise.all([
      s.length ? tx.query<{ id: string }>(
        `insert into store_read (id, merchant_id, name, description, address, lat, lng, delivery_radius_km, opening_hours, version)
         select id, merchant_id, name, description, address, lat_e6 / 1e6, lng_e6 / 1e6, radius_m / 1000.0, hours, version
         from jsonb_to_recordset($1::jsonb) as x(id uuid, merchant_id uuid, name text, description text, address text, lat_e6 int, lng_e6 int,
                                                radius_m int, hours jsonb, version int)
         on conflict (id) do update set name = excluded.name, description = excluded.description, address = excluded.address, lat = excluded.lat,
           lng = excluded.lng, delivery_radius_km = excluded.delivery_radius_km, opening_hours = excluded.opening_hours, version = excluded.version
         where store_read.version < excluded.version
         returning id`,
        [JSON.stringify(s.map((e) => ({
          id: e.aggregateId, merchant_id: e.data.merchantId, name: e.data.name, description: e.data.description, address: e.data.address,
          lat_e6: e.data.latE6, lng_e6: e.data.lngE6, radius_m: e.data.deliveryRadiusM, hours: e.data.openingHours, version: e.aggregateVersion,
        })))],
      ) : [],
      m.length ? tx.query<{ storeId: string }>(
        `insert into menu_item_read (id, store_id, name, description, price, available, version)
         select * from jsonb_to_recordset($1::jsonb) as x(id uuid, store_id uuid, name text, description text, price int, available boolean, version int)
         on conflict (id) do update set name = excluded.name, description = excluded.description, price = excluded.price,
           available = excluded.available, version = excluded.version
         where menu_item_read.version < excluded.version
         returning store_id as "storeId"`,
        [JSON.stringify(m.map((e) => ({
          id: e.aggregateId, store_id: e.data.storeId, name: e.data.name, description: e.data.description, price: e.data.price,
          available: e.data.available, version: e.aggregateVersion,
        })))],
      ) : [],
    ]);
    return { storeIds: [...new Set([...storeRows.map((r) => r.id), ...itemRows.map((r) => r.storeId)])] };
  }

  async afterCommit({ storeIds }: { storeIds: string[] }): Promise<void> {
    if (storeIds.length === 0) return;
    await this.cache.attempt('store', (r) => r.incr(STORE_GENERATION_KEY));
    const fresh = await this.queries.byIdsFromDb(storeIds);
    await Promise.all(fresh.map((store) => putStoreDoc(this.cache, store)));
  }

  async reset(tx: Tx): Promise<void> {
    await tx.query('truncate store_read, menu_item_read');
  }

  async resetCache(): Promise<void> {
    await this.cache.attempt('store', async (r) => {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', ALL_KEYS_PATTERN, 'COUNT', 1000);
        const doomed = keys.filter((k) => k !== STORE_GENERATION_KEY);
        if (doomed.length > 0) await r.del(...doomed);
        cursor = next;
      } while (cursor !== '0');
      return r.incr(STORE_GENERATION_KEY);
    });
  }
}

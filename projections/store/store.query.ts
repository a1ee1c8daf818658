import type { Pool } from 'pg';
import type { Cache } from '../../src/infrastructure/redis/cache';
import { getStoreDoc, nearPageKey, PAGE_TTL_SECONDS, putStoreDoc, STORE_GENERATION_KEY, STORE_READ_MODEL } from './store.cache';
import type { MenuItemRead, StoreRead, StoresPage } from './store.read';

const STORE_COLUMNS = `id, merchant_id as "merchantId", name, description, address, json_build_object('lat', lat, 'lng', lng) as location,
  delivery_radius_km as "deliveryRadiusKm", opening_hours as "openingHours", version`;

/**
 * Great-circle distance in km from ($1, $2) to the row's lat/lng (haversine; the same formula as
 * src/modules/delivery/domain/geo.ts). Plain lat/lng until PostGIS (Delivery, part 2): the
 * latitude band ($3 km ≈ $3 / 111 degrees) uses the lat index, the exact distance filters the rest.
 */
const DISTANCE_KM = `2 * 6371.0088 * asin(least(1, sqrt(
  power(sin(radians(s.lat - $1::float8) / 2), 2) + cos(radians($1::float8)) * cos(radians(s.lat)) * power(sin(radians(s.lng - $2::float8) / 2), 2))))`;

export interface NearQuestion {
  lat: number;
  lng: number;
  radiusKm: number;
  first: number;
  /** The id of the last store of the previous page. */
  after: string | null;
}

/** Reads of the store read model: Redis first, the read tables when Redis misses or is away. */
export class StoreQueries {
  /** What the answers are made from (for the response cache's tags). */
  static readonly reads = [STORE_READ_MODEL];

  constructor(private readonly pool: Pool, private readonly cache: Cache) {}

  async byId(id: string): Promise<StoreRead | null> {
    const cached = await getStoreDoc(this.cache, id);
    if (cached) return cached;
    const [store] = await this.byIdsFromDb([id]);
    if (!store) return null;
    await putStoreDoc(this.cache, store);
    return store;
  }

  async byIdsFromDb(ids: readonly string[]): Promise<StoreRead[]> {
    if (ids.length === 0) return [];
    const [stores, menus] = await Promise.all([
      this.pool.query<Omit<StoreRead, 'menu'>>(`select ${STORE_COLUMNS} from store_read where id = any($1::uuid[])`, [ids]),
      this.menusOf(ids),
    ]);
    return stores.rows.map((s) => ({ ...s, menu: menus.get(s.id) ?? [] }));
  }

  /** Stores within radiusKm of the point, nearest first (ties by id), `first` of them after the cursor. */
  async near(q: NearQuestion): Promise<StoresPage> {
    const generation = (await this.cache.attempt('store', (r) => r.get(STORE_GENERATION_KEY))) ?? null;
    const key = generation === null ? null : nearPageKey(generation, [q.lat, q.lng, q.radiusKm, q.first, q.after]);
    if (key) {
      const hit = await this.cache.get<StoresPage>('store', key);
      if (hit) return hit;
    }
    const page = await this.nearFromDb(q);
    if (key) await this.cache.set('store', key, page, PAGE_TTL_SECONDS);
    return page;
  }

  async nearFromDb(q: NearQuestion): Promise<StoresPage> {
    const { rows } = await this.pool.query<Omit<StoreRead, 'menu'> & { distanceKm: number; total: string }>(
      `with d as (
         select s.id, s.merchant_id, s.name, s.description, s.address, s.lat, s.lng, s.delivery_radius_km, s.opening_hours, s.version,
                ${DISTANCE_KM} as distance_km
         from store_read s where s.lat between $1::float8 - $3::float8 / 111.0 and $1::float8 + $3::float8 / 111.0
       ), inside as (select * from d where distance_km <= $3::float8)
       select id, merchant_id as "merchantId", name, description, address, json_build_object('lat', lat, 'lng', lng) as location,
              delivery_radius_km as "deliveryRadiusKm", opening_hours as "openingHours", version, distance_km as "distanceKm",
              (select count(*) from inside) as total
       from inside
       where $4::uuid is null or (distance_km, id) > (select distance_km, id from inside where id = $4)
       order by distance_km, id limit $5`,
      [q.lat, q.lng, q.radiusKm, q.after, q.first + 1],
    );
    const stores = rows.slice(0, q.first);
    const menus = await this.menusOf(stores.map((s) => s.id));
    return {
      stores: stores.map(({ total: _, ...s }) => ({ ...s, distanceKm: Number(s.distanceKm), menu: menus.get(s.id) ?? [] })),
      hasNextPage: rows.length > q.first,
      totalCount: rows.length ? Number(rows[0].total) : 0,
    };
  }

  private async menusOf(storeIds: readonly string[]): Promise<Map<string, MenuItemRead[]>> {
    const menus = new Map<string, MenuItemRead[]>();
    if (storeIds.length === 0) return menus;
    const { rows } = await this.pool.query<MenuItemRead>(
      `select id, store_id as "storeId", name, description, price, available, version from menu_item_read where store_id = any($1::uuid[]) order by store_id, id`,
      [storeIds],
    );
    for (const m of rows) menus.set(m.storeId, [...(menus.get(m.storeId) ?? []), m]);
    return menus;
  }
}

import type { Tx } from '../../../shared/tx';
import type { MenuItem, Store } from '../domain/store';

/** Stores and their menu items (cold rows, written by their merchant). */
export interface StoreStore {
  insert(tx: Tx, store: Store): Promise<void>;
  byId(tx: Tx, id: string): Promise<Store | null>;
  insertMenuItem(tx: Tx, item: MenuItem): Promise<void>;
  /** The item and its store's merchant, locked (an edit is a version-guarded write on it). */
  lockMenuItem(tx: Tx, id: string): Promise<(MenuItem & { merchantId: string }) | null>;
  /** false when the version moved on (a concurrent edit won). */
  updateMenuItem(tx: Tx, expectedVersion: number, item: MenuItem): Promise<boolean>;
  menuItems(tx: Tx, ids: readonly string[]): Promise<MenuItem[]>;
}

const STORE_COLUMNS = `id, merchant_id as "merchantId", name, description, address, json_build_object('lat', lat, 'lng', lng) as location,
  delivery_radius_km as "deliveryRadiusKm", opening_hours as "openingHours", version, created_at as "createdAt"`;
const ITEM_COLUMNS = 'id, store_id as "storeId", name, description, price, available, version';

export const pgStores: StoreStore = {
  async insert(tx, s) {
    await tx.query(
      `insert into delivery_stores (id, merchant_id, name, description, address, lat, lng, delivery_radius_km, opening_hours, version, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)`,
      [s.id, s.merchantId, s.name, s.description, s.address, s.location.lat, s.location.lng, s.deliveryRadiusKm, JSON.stringify(s.openingHours), s.version, s.createdAt],
    );
  },

  async byId(tx, id) {
    return (await tx.query<Store>(`select ${STORE_COLUMNS} from delivery_stores where id = $1`, [id]))[0] ?? null;
  },

  async insertMenuItem(tx, m) {
    await tx.query(
      `insert into delivery_menu_items (id, store_id, name, description, price, available, version, created_at) values ($1, $2, $3, $4, $5, $6, $7, now())`,
      [m.id, m.storeId, m.name, m.description, m.price, m.available, m.version],
    );
  },

  async lockMenuItem(tx, id) {
    const rows = await tx.query<MenuItem & { merchantId: string }>(
      `select m.id, m.store_id as "storeId", m.name, m.description, m.price, m.available, m.version, s.merchant_id as "merchantId"
       from delivery_menu_items m join delivery_stores s on s.id = m.store_id where m.id = $1 for update of m`,
      [id],
    );
    return rows[0] ?? null;
  },

  async updateMenuItem(tx, expectedVersion, m) {
    const rows = await tx.query(
      `update delivery_menu_items set name = $3, description = $4, price = $5, available = $6, version = $7
       where id = $1 and version = $2 returning 1`,
      [m.id, expectedVersion, m.name, m.description, m.price, m.available, m.version],
    );
    return rows.length === 1;
  },

  async menuItems(tx, ids) {
    if (ids.length === 0) return [];
    return tx.query<MenuItem>(`select ${ITEM_COLUMNS} from delivery_menu_items where id = any($1::uuid[])`, [ids]);
  },
};

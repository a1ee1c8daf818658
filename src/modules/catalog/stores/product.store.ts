import type { Tx } from '../../../shared/tx';
import type { Product } from '../domain/product';

export interface PriceEntry {
  id: string;
  name: string;
  price: number;
}

/** The Product aggregate (`products`). Edits are optimistic: `WHERE version = expected`. */
export interface ProductStore {
  /** The product and its initial stock row, together. */
  insert(tx: Tx, product: Product, stock: number): Promise<void>;
  load(tx: Tx, id: string): Promise<Product | null>;
  /** Writes an edit made on top of `fromVersion`; false when someone else's edit came first. */
  update(tx: Tx, fromVersion: number, product: Product): Promise<boolean>;
  /** Names and prices of the products that exist among `ids` (what an order is priced from). */
  prices(tx: Tx, ids: readonly string[]): Promise<PriceEntry[]>;
}

const COLUMNS = 'id, name, description, category, price, version, created_at as "createdAt", updated_at as "updatedAt"';

export const pgProducts: ProductStore = {
  async insert(tx, p, stock) {
    await tx.query(
      `with product as (
         insert into products (id, name, description, category, price, version, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
       )
       insert into stock (product_id, available, version) values ($1, $9, 1)`,
      [p.id, p.name, p.description, p.category, p.price, p.version, p.createdAt, p.updatedAt, stock],
    );
  },

  async load(tx, id) {
    const rows = await tx.query<Product>(`select ${COLUMNS} from products where id = $1`, [id]);
    return rows[0] ?? null;
  },

  async update(tx, fromVersion, p) {
    const rows = await tx.query(
      `update products set name = $2, description = $3, category = $4, price = $5, version = $6, updated_at = $7
       where id = $1 and version = $8 returning 1`,
      [p.id, p.name, p.description, p.category, p.price, p.version, p.updatedAt, fromVersion],
    );
    return rows.length === 1;
  },

  prices(tx, ids) {
    return tx.query<PriceEntry>('select id, name, price from products where id = any($1::uuid[])', [ids]);
  },
};

import type { Pool } from 'pg';
import { newId } from '../src/shared/ids';
import { PgTransactions } from '../src/shared/tx';
import { Tokens } from '../src/modules/identity/auth/tokens';
import { Role } from '../src/modules/identity/domain/user';
import type { BenchConfig } from './config';
import { BENCH_ADMIN } from './stack';

export interface SeededProduct {
  id: string;
  price: number;
  stock: number;
  category: string;
}

export interface SeededUser {
  id: string;
  token: string;
}

export interface Seeded {
  /** Checkout spread over these; stock large enough never to sell out. */
  spread: SeededProduct[];
  /** One product sold out by the hot-product scenario. */
  hot: SeededProduct;
  /** Products whose stock the projector-lag scenario changes (no one buys them). */
  lag: SeededProduct[];
  users: SeededUser[];
  admin: SeededUser;
  categories: string[];
}

const CATEGORIES = Array.from({ length: 20 }, (_, i) => `category-${String(i + 1).padStart(2, '0')}`);

/**
 * Writes products straight into the write tables (products, stock) and the read table
 * (product_read) in the state the pipeline would leave them in (version 1, stock_version 1):
 * seconds instead of minutes of createProduct calls. Users likewise; their tokens are minted
 * with the app's own Tokens class and the JWT secret the server runs with.
 */
export async function seed(pool: Pool, config: BenchConfig): Promise<Seeded> {
  const started = Date.now();
  const make = (i: number, stock: number, prefix: string): SeededProduct & { name: string } => ({
    id: newId(started - 1_000_000 + i),
    name: `${prefix} ${i}`,
    price: 1_000 + (i % 50) * 1_000,
    stock,
    category: CATEGORIES[i % CATEGORIES.length],
  });
  const spread = Array.from({ length: config.products }, (_, i) => make(i, 1_000_000, 'Bench product'));
  const hot = make(config.products, config.hotStock, 'Hot product');
  hot.price = 10_000;
  const lag = Array.from({ length: 100 }, (_, i) => make(config.products + 1 + i, 1_000, 'Lag probe'));
  const all = [...spread, hot, ...lag];

  const now = new Date(started).toISOString();
  const cols = {
    id: all.map((p) => p.id), name: all.map((p) => p.name), category: all.map((p) => p.category),
    price: all.map((p) => p.price), stock: all.map((p) => p.stock),
  };
  const userIds = Array.from({ length: config.users }, (_, i) => newId(started - 500_000 + i));
  await new PgTransactions(pool).withTransaction(async (tx) => {
    await tx.query(
      `insert into products (id, name, description, category, price, version, created_at, updated_at)
       select id, name, 'Seeded by npm run bench', category, price, 1, $6, $6
       from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[]) as t(id, name, category, price, stock)`,
      [cols.id, cols.name, cols.category, cols.price, cols.stock, now],
    );
    await tx.query(
      `insert into stock (product_id, available, version) select id, stock, 1 from unnest($1::uuid[], $2::int[]) as t(id, stock)`,
      [cols.id, cols.stock],
    );
    await tx.query(
      `insert into product_read (id, name, description, category, price, stock, version, stock_version, created_at, updated_at)
       select id, name, 'Seeded by npm run bench', category, price, stock, 1, 1, $6, $6
       from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[]) as t(id, name, category, price, stock)`,
      [cols.id, cols.name, cols.category, cols.price, cols.stock, now],
    );
    await tx.query(
      `insert into users (id, email, name, password_hash, role)
       select id, 'bench-' || n || '@stampede.local', 'Bench user ' || n, 'not-a-password-hash', 'CUSTOMER'
       from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [userIds],
    );
  });
  await pool.query('analyze');

  const tokens = new Tokens(config.jwtSecret, 3 * 3600);
  const users = await Promise.all(userIds.map(async (id) => ({ id, token: await tokens.issue({ id, role: Role.CUSTOMER }) })));
  const { rows } = await pool.query<{ id: string }>('select id from users where email = $1', [BENCH_ADMIN.email]);
  if (!rows[0]) throw new Error('bench: the admin account was not created by the API process');
  const admin = { id: rows[0].id, token: await tokens.issue({ id: rows[0].id, role: Role.ADMIN }) };
  return { spread, hot, lag, users, admin, categories: CATEGORIES };
}

export const WALLET_SEED = 1_000_000;

/**
 * Every user gets one CHARGE of 1,000,000 won (the per-charge maximum), written as chargePoints
 * writes it: the wallets row and its ledger row. Returns the total charged, which the money
 * invariant starts from.
 */
export async function seedWallets(pool: Pool, users: SeededUser[]): Promise<number> {
  const now = new Date().toISOString();
  const ids = users.map((u) => u.id);
  await new PgTransactions(pool).withTransaction(async (tx) => {
    await tx.query(
      `insert into wallets (user_id, balance, version, updated_at) select id, $2, 1, $3 from unnest($1::uuid[]) as t(id)`,
      [ids, WALLET_SEED, now],
    );
    await tx.query(
      `insert into wallet_transactions (id, user_id, type, amount, balance_after, order_id, created_at)
       select tx, id, 'CHARGE', $3, $3, null, $4 from unnest($1::uuid[], $2::uuid[]) as t(id, tx)`,
      [ids, users.map(() => newId()), WALLET_SEED, now],
    );
  });
  return WALLET_SEED * users.length;
}

import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { loadConfig, type Config } from '../src/config';
import { ormConfig } from '../src/infrastructure/orm/orm.config';
import { migrate } from '../src/infrastructure/orm/migrate';
import { systemClock } from '../src/shared/clock';
import { pgIdempotency } from '../src/shared/idempotency.store';
import { pgOutbox } from '../src/shared/outbox';
import { PgTransactions } from '../src/shared/tx';
import type { WriteDeps } from '../src/shared/write-deps';
import { catalogDeps } from '../src/modules/catalog/catalog.deps';
import { couponsDeps } from '../src/modules/coupons/coupons.deps';
import { identityDeps } from '../src/modules/identity/identity.deps';
import { createProduct } from '../src/modules/catalog/commands/create-product/create-product.handler';
import { CreateProductInput } from '../src/modules/catalog/commands/create-product/create-product.input';
import { ensureAdmin } from '../src/modules/identity/ensure-admin';
import { createCouponCampaign } from '../src/modules/coupons/commands/create-coupon-campaign/create-coupon-campaign.handler';
import { CreateCouponCampaignInput } from '../src/modules/coupons/commands/create-coupon-campaign/create-coupon-campaign.input';
import { ensureDatabase } from './ensure-database';
import { seedTicketing } from './seed-ticketing';
import { seedDelivery } from './seed-delivery';

const CATALOG: Array<[string, string, number, number]> = [
  ['Mechanical keyboard', 'peripherals', 89_000, 40], ['Wireless mouse', 'peripherals', 25_000, 120],
  ['27" monitor', 'displays', 329_000, 15], ['USB-C hub', 'peripherals', 45_000, 80],
  ['Noise-cancelling headphones', 'audio', 259_000, 25], ['Bluetooth speaker', 'audio', 79_000, 60],
  ['Concert ticket: opening night', 'tickets', 150_000, 100], ['Lunch box set', 'kitchen', 18_000, 300],
  ['Cold brew coffee (1 L)', 'grocery', 12_000, 500], ['Limited sneakers', 'fashion', 199_000, 10],
  ['Hoodie', 'fashion', 59_000, 70], ['Phone case', 'accessories', 15_000, 200],
];

/** Demo data for `npm run dev`: the admin account, a small catalog and the ticketed events, written through the command handlers. */
export async function seed(config: Config): Promise<string> {
  const { databaseUrl } = config;
  await ensureDatabase(databaseUrl);
  const orm = await MikroORM.init(ormConfig(databaseUrl, 2));
  // No outbox waker here: the outbox trigger's NOTIFY wakes a running relay.
  const pool = new Pool({ connectionString: databaseUrl, max: 2, pipeline: true });
  const write: WriteDeps = { transactions: new PgTransactions(pool), clock: systemClock, outbox: pgOutbox, idempotency: pgIdempotency };
  try {
    await migrate(orm, databaseUrl);
    await ensureAdmin(identityDeps(write), config.adminEmail, config.adminPassword);
    const delivery = await seedDelivery(pool, write);
    const store = delivery.created ? 'seeded a delivery store with its merchant and a customer' : 'delivery store already there';
    return `${await seedShop(pool, write)}; ${await seedTicketing(config, pool, write)}; ${store}`;
  } finally {
    await pool.end();
    await orm.close();
  }
}

async function seedShop(pool: Pool, write: WriteDeps): Promise<string> {
  const { rows: [{ n }] } = await pool.query<{ n: string }>('select count(*) as n from products');
  if (Number(n) > 0) return `catalog already has ${n} products; left as it is`;
  for (const [name, category, price, stock] of CATALOG) {
    const input = Object.assign(new CreateProductInput(), { name, category, price, stock, description: `Demo ${category}` });
    await createProduct(catalogDeps(write), input);
  }
  const now = systemClock.now();
  const campaign = Object.assign(new CreateCouponCampaignInput(), {
    name: 'Opening week: 10% off', discountType: 'PERCENT', discountValue: 10, totalQuantity: 100,
    startsAt: now, endsAt: new Date(now.getTime() + 30 * 24 * 3600 * 1000), couponValidDays: 7, minOrderAmount: 0,
  });
  // The Redis gate is built on the first issueCoupon; the seed needs no Redis.
  const noGate = { prepareGate: async () => undefined, issue: async () => ({ outcome: 'NOT_ACTIVE' as const }) };
  await createCouponCampaign(couponsDeps(write, noGate), campaign);
  return `seeded ${CATALOG.length} products and a coupon campaign of ${campaign.totalQuantity}`;
}

if (require.main === module) {
  const config = loadConfig();
  seed(config).then(
    (message) => console.log(message),
    (err) => {
      console.error(`seed failed: ${err.message}`);
      process.exit(1);
    },
  );
}

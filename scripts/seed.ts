import 'reflect-metadata';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config';
import { ormConfig } from '../src/infrastructure/orm/orm.config';
import { migrate } from '../src/infrastructure/orm/migrate';
import { systemClock } from '../src/shared/clock';
import { createProduct } from '../src/modules/catalog/commands/create-product/create-product.handler';
import { CreateProductInput } from '../src/modules/catalog/commands/create-product/create-product.input';
import { ensureAdmin } from '../src/modules/identity/ensure-admin';
import { createCouponCampaign } from '../src/modules/coupons/commands/create-coupon-campaign/create-coupon-campaign.handler';
import { CreateCouponCampaignInput } from '../src/modules/coupons/commands/create-coupon-campaign/create-coupon-campaign.input';
import { ensureDatabase } from './ensure-database';

const CATALOG: Array<[string, string, number, number]> = [
  ['Mechanical keyboard', 'peripherals', 89_000, 40], ['Wireless mouse', 'peripherals', 25_000, 120],
  ['27" monitor', 'displays', 329_000, 15], ['USB-C hub', 'peripherals', 45_000, 80],
  ['Noise-cancelling headphones', 'audio', 259_000, 25], ['Bluetooth speaker', 'audio', 79_000, 60],
  ['Concert ticket: opening night', 'tickets', 150_000, 100], ['Lunch box set', 'kitchen', 18_000, 300],
  ['Cold brew coffee (1 L)', 'grocery', 12_000, 500], ['Limited sneakers', 'fashion', 199_000, 10],
  ['Hoodie', 'fashion', 59_000, 70], ['Phone case', 'accessories', 15_000, 200],
];

/** Demo data for `npm run dev`: the admin account and a small catalog, written through the command handlers. */
export async function seed(databaseUrl: string, admin: { email: string; password: string }): Promise<string> {
  await ensureDatabase(databaseUrl);
  const orm = await MikroORM.init(ormConfig(databaseUrl, 2));
  try {
    await migrate(orm, databaseUrl);
    const em = orm.em.fork() as EntityManager;
    await ensureAdmin(em, admin.email, admin.password);
    const [{ n }] = await em.execute<{ n: string }[]>('select count(*) as n from products');
    if (Number(n) > 0) return `catalog already has ${n} products; left as it is`;
    for (const [name, category, price, stock] of CATALOG) {
      const input = Object.assign(new CreateProductInput(), { name, category, price, stock, description: `Demo ${category}` });
      await createProduct(em.fork() as EntityManager, systemClock, input);
    }
    const now = systemClock.now();
    const campaign = Object.assign(new CreateCouponCampaignInput(), {
      name: 'Opening week: 10% off', discountType: 'PERCENT', discountValue: 10, totalQuantity: 100,
      startsAt: now, endsAt: new Date(now.getTime() + 30 * 24 * 3600 * 1000), couponValidDays: 7, minOrderAmount: 0,
    });
    // The Redis gate is built on the first issueCoupon; the seed needs no Redis.
    await createCouponCampaign(em.fork() as EntityManager, systemClock, campaign, { prepareGate: async () => undefined });
    return `seeded ${CATALOG.length} products and a coupon campaign of ${campaign.totalQuantity}`;
  } finally {
    await orm.close();
  }
}

if (require.main === module) {
  const config = loadConfig();
  seed(config.databaseUrl, { email: config.adminEmail, password: config.adminPassword }).then(
    (message) => console.log(message),
    (err) => {
      console.error(`seed failed: ${err.message}`);
      process.exit(1);
    },
  );
}

import 'reflect-metadata';
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { PgTransactions } from '../src/shared/tx';
import { pgOutbox } from '../src/shared/outbox';
import { pgIdempotency } from '../src/shared/idempotency.store';
import { systemClock } from '../src/shared/clock';
import type { WriteDeps } from '../src/shared/write-deps';
import { identityDeps } from '../src/modules/identity/identity.deps';
import { signUp } from '../src/modules/identity/commands/sign-up/sign-up.handler';
import { SignUpRole } from '../src/modules/identity/commands/sign-up/sign-up.input';
import { pgUsers } from '../src/modules/identity/stores/user.store';
import { deliveryDeps } from '../src/modules/delivery/delivery.deps';
import { registerStore } from '../src/modules/delivery/commands/register-store/register-store.handler';
import { addMenuItem } from '../src/modules/delivery/commands/add-menu-item/add-menu-item.handler';

export const DELIVERY_SEED = {
  merchant: { email: 'merchant@stampede.local', password: 'merchant-password', name: 'Mina (Kimbap Heaven)' },
  customer: { email: 'customer@stampede.local', password: 'customer-password', name: 'Jun' },
  /** Seoul City Hall; the README's walk orders to 1.1 km north of it. */
  location: { lat: 37.5663, lng: 126.9779 },
  menu: [['Tuna kimbap', 4_500], ['Ramyeon', 5_000], ['Tteokbokki', 6_000]] as Array<[string, number]>,
};

/** The account, signed up through identity's handler unless it exists already. */
async function account(write: WriteDeps, who: { email: string; password: string; name: string }, role: SignUpRole): Promise<string> {
  const existing = await write.transactions.withTransaction((tx) => pgUsers.byEmail(tx, who.email));
  if (existing) return existing.id;
  return (await signUp(identityDeps(write), { ...who, role })).id;
}

/**
 * The delivery walk's data for `npm run dev` (README "Lunch by delivery"), written through the
 * command handlers: a merchant with a store open every day around the clock at Seoul City Hall
 * (3 km radius) and three menu items, and a customer. Runs once: a merchant who has a store is left as is.
 * (Meant to be called from scripts/seed.ts, whose owner wires it in.)
 */
export async function seedDelivery(pool: Pool, write: WriteDeps): Promise<{ storeId: string; created: boolean }> {
  const merchantId = await account(write, DELIVERY_SEED.merchant, SignUpRole.MERCHANT);
  await account(write, DELIVERY_SEED.customer, SignUpRole.CUSTOMER);
  const { rows } = await pool.query<{ id: string }>('select id from delivery_stores where merchant_id = $1 order by id limit 1', [merchantId]);
  if (rows[0]) return { storeId: rows[0].id, created: false };
  // The payment gateway is not needed to open a store.
  const deps = deliveryDeps(write, null as never);
  const store = await registerStore(deps, merchantId, {
    name: 'Kimbap Heaven', description: 'Rolls and soups, fast', address: 'Sejong-daero 110, Jung-gu, Seoul', location: DELIVERY_SEED.location,
    deliveryRadiusKm: 3, openingHours: [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opensAt: '00:00', closesAt: '00:00' })),
  });
  for (const [name, price] of DELIVERY_SEED.menu) await addMenuItem(deps, merchantId, { storeId: store.id, name, description: '', price, available: true });
  return { storeId: store.id, created: true };
}

/** By hand, against a migrated database (DATABASE_URL): `node -r ./test/support/swc-register.js scripts/seed-delivery.ts`. */
if (require.main === module) {
  void (async () => {
    const pool = new Pool({ connectionString: loadConfig().databaseUrl, max: 2, pipeline: true });
    try {
      const write: WriteDeps = { transactions: new PgTransactions(pool), clock: systemClock, outbox: pgOutbox, idempotency: pgIdempotency };
      const { storeId, created } = await seedDelivery(pool, write);
      console.log(`delivery seed: store ${storeId}${created ? ' created' : ' already there'}; merchant ${DELIVERY_SEED.merchant.email} / ${DELIVERY_SEED.merchant.password}, customer ${DELIVERY_SEED.customer.email} / ${DELIVERY_SEED.customer.password}`);
    } catch (err) {
      console.error(`delivery seed failed: ${(err as Error).message}`);
      process.exitCode = 1;
    } finally {
      await pool.end();
    }
  })();
}

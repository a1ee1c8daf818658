import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CancelOrderDocument, CheckoutDocument, PlaceOrderDocument, RestockProductDocument, SignInDocument } from '../generated/graphql';
import { connectNats, type Nats } from '../../src/infrastructure/nats/nats';
import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { ADMIN, eventually } from '../support/test-app';
import { gqlAt } from '../support/shopper';
import { newProduct, newShoppers, type Target } from '../support/commerce-races';
import { startOwnNats, startOwnPostgres, type OwnPostgres, type OwnService } from '../support/own-services';
import { FAULT_ENV, pipelineCaughtUp, popularMismatches, productReadMismatches, runLoad, sleep } from './fault-support';

/**
 * The production shape: three API processes behind a (round-robin) client, and one process each
 * for the relay, the projectors and the worker (order expiry, export), on their own Postgres and
 * NATS. Under a mixed load — checkouts, orders left to expire, cancellations, restocks — every
 * invariant must hold afterwards, judged from the database.
 */
const HOLD_SECONDS = 2;
let pg: OwnPostgres;
let ownNats: OwnService;
let nats: Nats;
let pool: Pool;
const procs: SpawnedApp[] = [];

beforeAll(async () => {
  [pg, ownNats] = await Promise.all([startOwnPostgres(), startOwnNats()]);
  const env = {
    ...FAULT_ENV, DATABASE_POOL_MAX: '5', DATABASE_URL: pg.url, NATS_URL: ownNats.url, ORDER_HOLD_SECONDS: String(HOLD_SECONDS),
    DATA_PLATFORM_URL: `http://127.0.0.1:${Number(process.env.SPAWN_PORT_BASE ?? 15_000) + 899}/events`, // nobody listens: exports retry and park
  };
  // All at once on a fresh database: migrations run under an advisory lock, once.
  procs.push(...(await Promise.all(['api', 'api', 'api', 'relay', 'projector', 'worker'].map((ROLES) => spawnApp({ ...env, ROLES }, 60_000)))));
  pool = new Pool({ connectionString: pg.url, max: 3 });
  nats = await connectNats(ownNats.url, process.env.NATS_STREAM!, 'topology-test');
}, 90_000);
afterAll(async () => {
  const codes = await Promise.all(procs.map((p) => p.stop()));
  await nats?.nc.drain();
  await pool?.end();
  await Promise.all([pg?.dispose(), ownNats?.dispose()]);
  expect(codes).toEqual(procs.map(() => 0));
});

it('3 API + relay + projector + worker processes under mixed load: stock, money, expiry and read models all hold', async () => {
  const apis = procs.slice(0, 3).map((p) => p.url);
  const { signIn } = await gqlAt(apis[0], SignInDocument, { input: ADMIN });
  const target: Target = { urls: apis, pool, admin: signIn.token! };
  const products = await Promise.all(Array.from({ length: 5 }, () => newProduct(target, 1_500, 50_000)));
  const shoppers = await newShoppers(target, 12, 1_000_000);
  const ids = products.map((p) => p.id);
  let restocked = 0;

  const load = runLoad(12, async (w, i) => {
    const url = apis[(w + i) % apis.length];
    const items = [{ productId: ids[(w + i) % ids.length], quantity: 1 + (i % 3) }];
    const token = shoppers[w].token;
    switch (i % 6) {
      case 0: // placed and left: the worker must expire it and give the stock back
        await gqlAt(url, PlaceOrderDocument, { input: { items, idempotencyKey: randomUUID() } }, token);
        return 'left';
      case 1: { // placed, then cancelled through another API process
        const { placeOrder } = await gqlAt(url, PlaceOrderDocument, { input: { items, idempotencyKey: randomUUID() } }, token);
        const { cancelOrder } = await gqlAt(apis[(w + i + 1) % apis.length], CancelOrderDocument, { input: { orderId: placeOrder.order!.id } }, token);
        if (cancelOrder.userErrors.length) throw new Error(JSON.stringify(cancelOrder.userErrors));
        return 'cancelled';
      }
      case 2:
        if (w === 0) {
          await gqlAt(url, RestockProductDocument, { input: { productId: items[0].productId, quantity: 7 } }, target.admin);
          restocked += 7;
          return 'restock';
        }
      // fall through: other workers check out
      default: {
        const { checkout } = await gqlAt(url, CheckoutDocument, { input: { items, idempotencyKey: randomUUID() } }, token);
        if (checkout.userErrors.length) throw new Error(JSON.stringify(checkout.userErrors));
        return 'checkout';
      }
    }
  });
  await sleep(5_000);
  const { ok, failed } = await load.stop();
  expect(failed).toEqual([]);
  const count = (kind: string) => ok.filter((r) => r === kind).length;
  console.info(`topology: ${ok.length} operations over 3 API processes (${count('checkout')} checkouts, ${count('left')} left to expire, ${count('cancelled')} cancelled, ${count('restock')} restocks)`);
  expect(count('left')).toBeGreaterThan(5);

  const db = async <T = any>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[];
  // The worker expires every order left unpaid.
  await eventually(async () => (await db(`select count(*)::int as n from orders where status = 'PENDING'`))[0].n === 0, 20_000, 'every unpaid order expired');
  expect((await db(`select count(*)::int as n from orders where status = 'EXPIRED'`))[0].n).toBe(count('left'));
  expect((await db(`select count(*)::int as n from orders where status = 'CANCELLED'`))[0].n).toBe(count('cancelled'));

  // Stock: initial + restocks − what paid orders took (expired and cancelled ones gave theirs back).
  const [{ stock, sold }] = await db(`
    select (select sum(available)::int from stock where product_id = any($1::uuid[])) as stock,
           (select coalesce(sum(i.quantity), 0)::int from order_items i join orders o on o.id = i.order_id
             where o.status = 'PAID' and i.product_id = any($1::uuid[])) as sold`, [ids]);
  expect(stock).toBe(5 * 50_000 + restocked - sold);
  // Money: every wallet = its ledger = charged − its paid orders; nothing paid twice.
  const wallets = await db(`
    select w.user_id, w.balance, (select sum(amount)::int from wallet_transactions t where t.user_id = w.user_id) as ledger,
           1000000 - (select coalesce(sum(total), 0)::int from orders o where o.user_id = w.user_id and o.status = 'PAID') as expected
    from wallets w where w.user_id = any($1::uuid[])`, [shoppers.map((s) => s.id)]);
  expect(wallets).toHaveLength(shoppers.length);
  for (const w of wallets) expect({ balance: w.balance, ledger: w.ledger }).toEqual({ balance: w.expected, ledger: w.expected });
  expect(await db(`select order_id from wallet_transactions where type = 'PAYMENT' group by order_id having count(*) > 1`)).toEqual([]);

  // Read models, built by the projector process from what the relay process published.
  await pipelineCaughtUp(pool, nats, ['product', 'popular']);
  expect(await productReadMismatches(pool, ids)).toEqual([]);
  expect(await popularMismatches(pool, ids)).toEqual([]);
}, 120_000);

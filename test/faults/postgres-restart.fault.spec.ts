import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CheckoutDocument, SignInDocument } from '../generated/graphql';
import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { ADMIN } from '../support/test-app';
import { gqlAt } from '../support/shopper';
import { newProduct, newShoppers, type Target } from '../support/commerce-races';
import { startOwnNats, startOwnPostgres, type OwnPostgres, type OwnService } from '../support/own-services';
import { connectNats, type Nats } from '../../src/infrastructure/nats/nats';
import { FAULT_ENV, pipelineCaughtUp, popularMismatches, productReadMismatches, runLoad, sleep } from './fault-support';

/**
 * Postgres crashes (immediate stop: every backend killed, WAL recovery on start) in the middle
 * of checkouts, on our own cluster. Clients do what the API asks of them: retry with the same
 * idempotency key until they get an answer. In the end every checkout is exactly one order and
 * one payment, money and stock are conserved, every retry got the same order back, and the
 * relay and projectors of the same process recover so the read models agree.
 */
let pg: OwnPostgres;
let ownNats: OwnService;
let nats: Nats;
let api: SpawnedApp;
let pool: Pool;

beforeAll(async () => {
  // Our own Postgres and NATS: this cluster's events must not reach the shared test stream.
  [pg, ownNats] = await Promise.all([startOwnPostgres(), startOwnNats()]);
  api = await spawnApp({ ...FAULT_ENV, DATABASE_URL: pg.url, NATS_URL: ownNats.url, ROLES: 'api,relay,projector' });
  pool = new Pool({ connectionString: pg.url, max: 3 });
  pool.on('error', () => undefined);
  nats = await connectNats(ownNats.url, process.env.NATS_STREAM!, 'postgres-restart-test');
});
afterAll(async () => {
  await api?.stop();
  await nats?.nc.drain();
  await pool?.end().catch(() => undefined);
  await Promise.all([pg?.dispose(), ownNats?.dispose()]);
});

it('Postgres crash mid-checkout: retries with the same key end in exactly one order and one payment each', async () => {
  const { signIn } = await gqlAt(api.url, SignInDocument, { input: ADMIN });
  const target: Target = { urls: [api.url], pool, admin: signIn.token! };
  const products = await Promise.all(Array.from({ length: 3 }, () => newProduct(target, 1_000, 10_000)));
  const shoppers = await newShoppers(target, 8, 1_000_000);

  type Checkout = { userId: string; key: string; tries: number; orderIds: Set<string>; total?: number };
  const checkouts: Checkout[] = [];
  class Refused extends Error {}

  /** What a well-behaved client does: the same request with the same key until it gets an answer. */
  async function untilAnswered(c: Checkout, input: { items: Array<{ productId: string; quantity: number }>; idempotencyKey: string }, token: string) {
    for (const until = Date.now() + 30_000; ; await sleep(100)) {
      c.tries += 1;
      try {
        const { checkout } = await gqlAt(api.url, CheckoutDocument, { input }, token);
        if (checkout.order) return checkout.order;
        if (checkout.userErrors[0]?.code !== 'IDEMPOTENCY_KEY_IN_FLIGHT') throw new Refused(JSON.stringify(checkout.userErrors));
      } catch (err) {
        // Postgres away (INTERNAL_SERVER_ERROR) or the connection failed: try again, same key.
        if (err instanceof Refused || Date.now() > until) throw err;
      }
    }
  }

  const load = runLoad(8, async (w, i) => {
    const c: Checkout = { userId: shoppers[w].id, key: randomUUID(), tries: 0, orderIds: new Set() };
    checkouts.push(c);
    const input = { items: [{ productId: products[(w + i) % products.length].id, quantity: 1 + (i % 2) }], idempotencyKey: c.key };
    const order = await untilAnswered(c, input, shoppers[w].token);
    c.orderIds.add(order.id);
    c.total = order.total;
    // One that crossed a failure asks once more: it must get the same order back, not a second one.
    if (c.tries > 1) c.orderIds.add((await untilAnswered(c, input, shoppers[w].token)).id);
    return c;
  });

  await sleep(1_000);
  await pg.crash();
  const crashedAt = Date.now();
  await sleep(1_500);
  await pg.start();
  const restartedAt = Date.now();
  await sleep(2_000);
  const { failed } = await load.stop();
  expect(failed).toEqual([]);

  const retried = checkouts.filter((c) => c.tries > 1);
  expect(retried.length).toBeGreaterThan(0); // some really crossed the crash
  expect(checkouts.every((c) => c.orderIds.size === 1)).toBe(true); // every retry got the same order back
  console.info(`postgres-restart: ${checkouts.length} checkouts, ${retried.length} retried across the crash (down ${restartedAt - crashedAt} ms)`);

  const orderIds = checkouts.map((c) => [...c.orderIds][0]);
  const db = async <T = any>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[];
  // Exactly one order per checkout, nothing else ordered, and one payment per order.
  expect(await db(`select count(*)::int as n from orders where user_id = any($1::uuid[])`, [shoppers.map((s) => s.id)])).toEqual([{ n: checkouts.length }]);
  expect(await db(`select count(*)::int as n from orders where id = any($1::uuid[]) and status = 'PAID'`, [orderIds])).toEqual([{ n: checkouts.length }]);
  const payments = await db<{ order_id: string; n: number }>(
    `select order_id, count(*)::int as n from wallet_transactions where type = 'PAYMENT' and user_id = any($1::uuid[]) group by order_id`,
    [shoppers.map((s) => s.id)],
  );
  expect(payments).toHaveLength(checkouts.length);
  expect(payments.every((p) => p.n === 1 && orderIds.includes(p.order_id))).toBe(true);
  // Money: every wallet is its charge minus what its orders cost, and equals its ledger.
  for (const shopper of shoppers) {
    const spent = checkouts.filter((c) => c.userId === shopper.id).reduce((sum, c) => sum + c.total!, 0);
    expect(await db(`select balance, (select sum(amount)::int from wallet_transactions where user_id = $1) as ledger from wallets where user_id = $1`, [shopper.id]))
      .toEqual([{ balance: 1_000_000 - spent, ledger: 1_000_000 - spent }]);
  }
  // Stock: initial minus what the orders hold.
  for (const product of products) {
    const [{ sold }] = await db(`select coalesce(sum(i.quantity), 0)::int as sold from order_items i join orders o on o.id = i.order_id where i.product_id = $1 and o.status = 'PAID'`, [product.id]);
    expect(await db('select available from stock where product_id = $1', [product.id])).toEqual([{ available: 10_000 - sold }]);
  }
  // The relay (its LISTEN connection died with Postgres) and the projectors carry on: read models agree.
  await pipelineCaughtUp(pool, nats, ['product', 'popular']);
  expect(await productReadMismatches(pool, products.map((p) => p.id))).toEqual([]);
  expect(await popularMismatches(pool, products.map((p) => p.id))).toEqual([]);
}, 90_000);

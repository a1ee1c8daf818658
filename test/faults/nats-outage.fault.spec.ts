import { randomUUID } from 'node:crypto';
import { CheckoutDocument, RestockProductDocument } from '../generated/graphql';
import { connectNats, type Nats } from '../../src/infrastructure/nats/nats';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminToken } from '../support/actors';
import { gqlAt } from '../support/shopper';
import { newProduct, newShoppers, type Target } from '../support/commerce-races';
import { startOwnNats, type OwnService } from '../support/own-services';
import { FAULT_ENV, pipelineCaughtUp, popularMismatches, productReadMismatches, runLoad, sleep } from './fault-support';

/**
 * NATS goes away while orders keep coming (our own nats-server, killed and restarted on the same
 * port and store). Orders must keep succeeding — the outbox holds their events — and once NATS
 * is back the outbox drains and the read tables catch up with the write model.
 */
let ownNats: OwnService;
let app: TestApp;
let nats: Nats;

beforeAll(async () => {
  ownNats = await startOwnNats();
  app = await startTestApp({ ...FAULT_ENV, NATS_URL: ownNats.url, ROLES: 'api,relay,projector' });
});
afterAll(async () => {
  await nats?.nc.close().catch(() => undefined);
  await app?.stop();
  await ownNats?.dispose();
});

it('with NATS down, checkouts and restocks succeed; after it returns the outbox drains and product_read and popular_daily catch up', async () => {
  const target: Target = { urls: [app.url], pool: app.services.pool, admin: await adminToken(app) };
  const products = await Promise.all(Array.from({ length: 4 }, () => newProduct(target, 2_000, 100_000)));
  const shoppers = await newShoppers(target, 6, 1_000_000);
  const ids = products.map((p) => p.id);
  const unpublished = async () => (await app.services.pool.query('select count(*)::int as n from outbox where published_at is null')).rows[0].n as number;

  const load = runLoad(6, async (w, i) => {
    const product = products[(w + i) % products.length];
    if (i % 5 === 4) {
      await gqlAt(app.url, RestockProductDocument, { input: { productId: product.id, quantity: 3 } }, target.admin);
      return 'restock';
    }
    const { checkout } = await gqlAt(app.url, CheckoutDocument, {
      input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: randomUUID() },
    }, shoppers[w].token);
    if (checkout.userErrors.length) throw new Error(JSON.stringify(checkout.userErrors));
    return 'checkout';
  });

  await sleep(800);
  await ownNats.kill();
  const doneAtKill = load.done();
  await sleep(2_500);
  const duringOutage = load.done() - doneAtKill;
  const backlog = await unpublished();
  await ownNats.start();
  await sleep(500);
  const { ok, failed } = await load.stop();

  expect(failed).toEqual([]);
  expect(duringOutage).toBeGreaterThan(10); // orders went on while NATS was away…
  expect(backlog).toBeGreaterThan(10); // …and their events waited in the outbox
  console.info(`nats-outage: ${ok.length} writes, ${duringOutage} during the outage, ${backlog} events held in the outbox`);

  nats = await connectNats(ownNats.url, app.services.config.natsStream, 'nats-outage-test');
  const started = Date.now();
  await pipelineCaughtUp(app.services.pool, nats, ['product', 'popular'], 30_000);
  console.info(`nats-outage: caught up ${Date.now() - started} ms after the load stopped`);
  expect(await productReadMismatches(app.services.pool, ids)).toEqual([]);
  expect(await popularMismatches(app.services.pool, ids)).toEqual([]);
}, 90_000);

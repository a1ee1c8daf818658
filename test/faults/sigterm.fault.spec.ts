import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CheckoutDocument, SignInDocument } from '../generated/graphql';
import { connectNats, type Nats } from '../../src/infrastructure/nats/nats';
import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { ADMIN } from '../support/test-app';
import { gqlAt } from '../support/shopper';
import { newProduct, newShoppers, type Target } from '../support/commerce-races';
import { FAULT_ENV, pipelineCaughtUp, popularMismatches, productReadMismatches, runLoad, sleep } from './fault-support';

/**
 * SIGTERM to a process running every role while checkouts pour in. It must stop taking
 * requests, finish the ones in flight, ack what its projectors committed and exit 0 within its
 * grace period. Then, judged from the database alone: every checkout a client was told succeeded
 * exists and is paid; every one that failed at the connection left nothing behind (a request cut
 * mid-way would show up as an order its client never heard of); a successor drains the outbox and
 * the read models equal the write model.
 */
const GRACE_MS = 15_000;
let pool: Pool;
let nats: Nats;
let first: SpawnedApp;
let successor: SpawnedApp | undefined;

beforeAll(async () => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  first = await spawnApp({ ...FAULT_ENV, ROLES: 'api,relay,projector' });
  nats = await connectNats(process.env.NATS_URL!, process.env.NATS_STREAM!, 'sigterm-test');
});
afterAll(async () => {
  if (first.process.exitCode === null) await first.kill();
  await successor?.stop();
  await nats?.nc.drain();
  await pool?.end();
});

it('SIGTERM under load: in-flight requests finish, acknowledged work is kept, exit 0 within the grace period', async () => {
  const { signIn } = await gqlAt(first.url, SignInDocument, { input: ADMIN });
  const target: Target = { urls: [first.url], pool, admin: signIn.token! };
  const products = await Promise.all(Array.from({ length: 3 }, () => newProduct(target, 1_000, 100_000)));
  const shoppers = await newShoppers(target, 10, 1_000_000);

  type Attempt = { userId: string; key: string; orderId?: string; error?: string };
  const attempts: Attempt[] = [];
  const load = runLoad(10, async (w, i) => {
    const attempt: Attempt = { userId: shoppers[w].id, key: randomUUID() };
    attempts.push(attempt);
    try {
      const { checkout } = await gqlAt(first.url, CheckoutDocument, {
        input: { items: [{ productId: products[(w + i) % products.length].id, quantity: 1 }], idempotencyKey: attempt.key },
      }, shoppers[w].token);
      if (!checkout.order) throw new Error(`refused: ${JSON.stringify(checkout.userErrors)}`);
      attempt.orderId = checkout.order.id;
    } catch (err) {
      attempt.error = String((err as Error).cause ?? (err as Error).message);
      if (!/SERVICE_UNAVAILABLE|ECONNREFUSED|ECONNRESET|other side closed|socket/i.test(attempt.error)) throw err;
      await sleep(50); // the server is going away: do not spin
    }
  });

  await sleep(1_000);
  const signalled = Date.now();
  const exitCode = await first.stop(); // SIGTERM, then wait for the exit
  const exitedAfter = Date.now() - signalled;
  const { failed } = await load.stop();

  expect(exitCode).toBe(0);
  expect(exitedAfter).toBeLessThan(GRACE_MS);
  expect(failed).toEqual([]); // no GraphQL error, no refusal: only "shutting down" (503) or connection-level failures once it began stopping
  const answered = attempts.filter((a) => a.orderId);
  const unanswered = attempts.filter((a) => a.error);
  expect(answered.length).toBeGreaterThan(10);
  console.info(`sigterm: exited ${exitedAfter} ms after SIGTERM; ${answered.length} checkouts answered, ${unanswered.length} refused (503 while stopping, or no connection)`);

  // Every checkout a client heard of is there and paid.
  const { rows: paid } = await pool.query<{ id: string }>(`select id from orders where id = any($1::uuid[]) and status = 'PAID'`, [answered.map((a) => a.orderId)]);
  expect(paid.length).toBe(answered.length);
  // None that failed at the connection did anything: no idempotency record, so no order.
  const { rows: ghosts } = await pool.query(
    `select user_id, key from idempotency_keys where (user_id, key) in (select * from unnest($1::uuid[], $2::text[]))`,
    [unanswered.map((a) => a.userId), unanswered.map((a) => a.key)],
  );
  expect(ghosts).toEqual([]);
  // Nothing else was ordered by these shoppers either.
  const { rows: all } = await pool.query<{ n: number }>('select count(*)::int as n from orders where user_id = any($1::uuid[])', [shoppers.map((s) => s.id)]);
  expect(all[0].n).toBe(answered.length);

  // A successor publishes whatever the first left in the outbox; the read models then agree.
  successor = await spawnApp({ ...FAULT_ENV, ROLES: 'relay,projector' });
  await pipelineCaughtUp(pool, nats, ['product', 'popular']);
  const ids = products.map((p) => p.id);
  expect(await productReadMismatches(pool, ids)).toEqual([]);
  expect(await popularMismatches(pool, ids)).toEqual([]);
}, 90_000);

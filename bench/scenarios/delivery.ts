import { randomUUID } from 'node:crypto';
import { classifyPayload, classifyRead } from '../load';
import type { Row } from '../report';
import { expectNoUserErrors, gql } from '../gql';
import { meterStampede, outcomesNote, runOnAll, type BenchContext } from './context';

const ORDERS = 1_000;
const CONNECTIONS = 200;
const HERE = { lat: 37.5663, lng: 126.9779 };

/** A merchant with one store and one menu item (through the API, as a merchant would). */
async function openStore(ctx: BenchContext): Promise<{ storeId: string; itemId: string; merchantToken: string }> {
  const url = ctx.stampede[0];
  const signUp = (await gql(url, `mutation ($input: SignUpInput!) { signUp(input: $input) { token userErrors { code message } } }`, {
    input: { email: `merchant-${randomUUID()}@bench.test`, password: 'correct horse battery', name: 'Match day', role: 'MERCHANT' },
  })).signUp;
  expectNoUserErrors(signUp, 'signUp MERCHANT');
  const store = (await gql(url, `mutation ($input: RegisterStoreInput!) { registerStore(input: $input) { store { id } userErrors { code message } } }`, {
    input: { name: 'Stadium chicken', address: 'Gate 3', location: HERE, deliveryRadiusKm: 5, openingHours: [] },
  }, signUp.token)).registerStore;
  expectNoUserErrors(store, 'registerStore');
  const item = (await gql(url, `mutation ($input: AddMenuItemInput!) { addMenuItem(input: $input) { menuItem { id } userErrors { code message } } }`, {
    input: { storeId: store.store.id, name: 'Fried chicken', price: 20_000 },
  }, signUp.token)).addMenuItem;
  expectNoUserErrors(item, 'addMenuItem');
  return { storeId: store.store.id, itemId: item.menuItem.id, merchantToken: signUp.token };
}

/**
 * Match day (issue 10): 1,000 customers order from one store at once (200 connections, each
 * cycling through its 5 customers, as the coupon storm does), paid by card through the gateway
 * stand-in answering in 20 ms; meanwhile the merchant polls merchantOrders (5 connections).
 * Checked: 1,000 orders PAID, one per customer, and 1,000 rows in the merchant queue, none twice.
 */
export async function deliveryMatchDay(ctx: BenchContext): Promise<Row> {
  const scenario = `placeDeliveryOrder (${ORDERS.toLocaleString('en')} customers, one store)`;
  const note = 'target placeDeliveryOrder p99 ≤ 500 ms, merchantOrders p99 ≤ 100 ms meanwhile, none lost or duplicated';
  const reason = ctx.features.missing({ mutations: ['registerStore', 'placeDeliveryOrder'] });
  if (reason) return { scenario, rps: null, p50: null, p99: null, errors: null, ratio: null, note, skipped: reason };
  const { storeId, itemId, merchantToken } = await openStore(ctx);
  const customers = ctx.seeded.users.slice(0, ORDERS);
  const order = `mutation ($input: PlaceDeliveryOrderInput!) { placeDeliveryOrder(input: $input) { order { id status } userErrors { code message } } }`;
  const queue = JSON.stringify({ query: `query ($storeId: ID!) { merchantOrders(storeId: $storeId, first: 20) { totalCount edges { node { id status } } } }`, variables: { storeId } });

  let ordersDone = false;
  let next = 0;
  const meter = meterStampede(ctx);
  const [orders, reads] = await Promise.all([
    runOnAll(ctx.stampede, {
      connections: CONNECTIONS, duration: 120, amount: ORDERS, classify: classifyPayload('placeDeliveryOrder'),
      connection: () => () => {
        const user = customers[next++ % customers.length];
        return {
          token: user.token,
          body: JSON.stringify({ query: order, variables: { input: {
            storeId, items: [{ menuItemId: itemId, quantity: 1 }], deliveryAddress: 'Gate 3, row 12', deliveryLocation: HERE, cardToken: 'tok_ok',
            idempotencyKey: `match-${user.id}`,
          } } }),
        };
      },
    }).finally(() => {
      ordersDone = true;
    }),
    runOnAll(ctx.stampede, {
      connections: 5, duration: 120, classify: classifyRead, stopWhen: () => ordersDone,
      connection: () => () => ({ token: merchantToken, body: queue }),
    }),
  ]);
  const cpu = meter(orders.requests);

  const placed = (await ctx.pool.query<{ n: number; paid: number; customers: number }>(
    `select count(*)::int as n, count(*) filter (where status = 'PAID')::int as paid, count(distinct customer_id)::int as customers
     from delivery_orders where store_id = $1`, [storeId])).rows[0];
  const deadline = Date.now() + 30_000;
  let queued = { n: 0, distinct: 0 };
  while (Date.now() < deadline) {
    queued = (await ctx.pool.query<{ n: number; distinct: number }>(
      'select count(*)::int as n, count(distinct id)::int as distinct from merchant_order_read where store_id = $1', [storeId])).rows[0];
    if (queued.n >= ORDERS) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    scenario, rps: orders.rps, p50: orders.p50, p99: orders.p99, errors: orders.errors, ratio: null,
    note: `${outcomesNote(orders.outcomes)}; merchantOrders meanwhile: ${reads.requests} reads, p50 ${reads.p50.toFixed(1)} ms, p99 ${reads.p99.toFixed(1)} ms, ${reads.errors} errors; ${note}`,
    cpu,
    errorSamples: [...orders.errorSamples, ...reads.errorSamples],
    extra: { outcomes: orders.outcomes, merchantOrders: { requests: reads.requests, p50: reads.p50, p99: reads.p99, errors: reads.errors } },
    checks: [
      { name: `${ORDERS} orders, all PAID, one per customer`, ok: placed.n === ORDERS && placed.paid === ORDERS && placed.customers === ORDERS, detail: `${placed.n} orders, ${placed.paid} PAID, ${placed.customers} customers` },
      { name: 'every order in the merchant queue once', ok: queued.n === ORDERS && queued.distinct === ORDERS, detail: `${queued.n} rows, ${queued.distinct} distinct` },
    ],
  };
}

import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  CancelOrderDocument, ChargePointsDocument, CheckoutDocument, CreateProductDocument, PayOrderDocument, PlaceOrderDocument,
  ProductDocument, SignUpDocument,
} from '../generated/graphql';
import { gqlAt } from './shopper';
import { eventually } from './test-app';

/**
 * The racing scenarios of issue 3, run against one or several API endpoints (requests are
 * spread round-robin over `urls`). Each returns what the test asserts; the invariants are read
 * from the database afterwards, not from the responses alone.
 */
export interface Target {
  urls: string[];
  pool: Pool;
  admin: string;
}

const at = (t: Target, i: number) => t.urls[i % t.urls.length];
const key = (): string => randomUUID();
const one = async <T>(pool: Pool, sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows[0] as T;

export async function newProduct(t: Target, price: number, stock: number) {
  const res = await gqlAt(at(t, 0), CreateProductDocument, {
    input: { name: `Race ${randomUUID().slice(0, 8)}`, price, stock, category: `race-${randomUUID()}`, description: '' },
  }, t.admin);
  return res.createProduct.product!;
}

export async function newShoppers(t: Target, count: number, balance: number): Promise<Array<{ id: string; token: string }>> {
  return Promise.all(Array.from({ length: count }, async (_, i) => {
    const { signUp } = await gqlAt(at(t, i), SignUpDocument, {
      input: { email: `racer-${randomUUID()}@example.test`, password: 'correct horse battery', name: 'Racer' },
    });
    const shopper = { id: signUp.user!.id, token: signUp.token! };
    if (balance > 0) await gqlAt(at(t, i + 1), ChargePointsDocument, { input: { amount: balance, idempotencyKey: key() } }, shopper.token);
    return shopper;
  }));
}

export const stockOf = (t: Target, productId: string) =>
  one<{ available: number }>(t.pool, 'select available from stock where product_id = $1', [productId]).then((r) => r.available);

export async function money(t: Target, userId: string) {
  return one<{ balance: number; ledger: number; payments: number; refunds: number }>(t.pool, `
    select coalesce((select balance from wallets where user_id = $1), 0) as balance,
           (select coalesce(sum(amount), 0)::int from wallet_transactions where user_id = $1) as ledger,
           (select count(*)::int from wallet_transactions where user_id = $1 and type = 'PAYMENT') as payments,
           (select count(*)::int from wallet_transactions where user_id = $1 and type = 'REFUND') as refunds`, [userId]);
}

/** Polls the stock row while `race` runs: the lowest value anyone could have seen. */
async function watchStock(t: Target, productId: string, race: Promise<unknown>): Promise<number> {
  let lowest = Number.POSITIVE_INFINITY;
  let done = false;
  void race.finally(() => (done = true));
  while (!done) {
    lowest = Math.min(lowest, await stockOf(t, productId));
    await new Promise((r) => setTimeout(r, 5));
  }
  return Math.min(lowest, await stockOf(t, productId));
}

/** `users` distinct shoppers each place an order for one unit of a product with `stock` units. */
export async function raceForStock(t: Target, users: number, stock: number, via: 'placeOrder' | 'checkout' = 'placeOrder') {
  const product = await newProduct(t, 1_000, stock);
  const shoppers = await newShoppers(t, users, 1_000);
  const items = [{ productId: product.id, quantity: 1 }];
  const race = Promise.all(shoppers.map((s, i) => (via === 'placeOrder'
    ? gqlAt(at(t, i), PlaceOrderDocument, { input: { items, idempotencyKey: key() } }, s.token).then((r) => r.placeOrder)
    : gqlAt(at(t, i), CheckoutDocument, { input: { items, idempotencyKey: key() } }, s.token).then((r) => r.checkout))));
  const lowest = await watchStock(t, product.id, race);
  const results = await race;
  const held = await one<{ orders: number; units: number }>(t.pool,
    `select count(distinct o.id)::int as orders, coalesce(sum(i.quantity), 0)::int as units
     from orders o join order_items i on i.order_id = o.id where i.product_id = $1`, [product.id]);
  const paid = await one<{ n: number }>(t.pool,
    `select count(*)::int as n from orders o join order_items i on i.order_id = o.id and i.product_id = $1
     where o.status = 'PAID' and exists (select 1 from wallet_transactions w where w.order_id = o.id and w.type = 'PAYMENT' and -w.amount = o.total)`,
    [product.id]);
  const heldEvents = await one<{ n: number }>(t.pool,
    `select count(*)::int as n from outbox where event->>'type' = 'StockChanged' and event->'data'->>'productId' = $1
     and event->'data'->>'reason' = 'HELD'`, [product.id]);
  const readModel = await eventually(async () => {
    const res = await gqlAt(at(t, 0), ProductDocument, { id: product.id });
    return res.product?.stock === 0 ? res.product.stock : undefined;
  }, 15_000, 'read model stock 0');
  return {
    succeeded: results.filter((r) => r.order !== null).length,
    outOfStock: results.filter((r) => r.userErrors[0]?.code === 'OUT_OF_STOCK').length,
    fields: new Set(results.flatMap((r) => r.userErrors.map((e) => JSON.stringify(e.field)))),
    finalStock: await stockOf(t, product.id),
    lowest,
    held,
    paidWithPayment: paid.n,
    heldEvents: heldEvents.n,
    readModel,
  };
}

/** One shopper with balance for `affordable` orders pays `orders` PENDING orders at once. */
export async function raceToPay(t: Target, orders: number, affordable: number) {
  const price = 10_000;
  const product = await newProduct(t, price, orders);
  const [shopper] = await newShoppers(t, 1, price * affordable);
  const placed: string[] = [];
  for (let i = 0; i < orders; i++) {
    const res = await gqlAt(at(t, i), PlaceOrderDocument, { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() } }, shopper.token);
    placed.push(res.placeOrder.order!.id);
  }
  const results = await Promise.all(placed.map((orderId, i) =>
    gqlAt(at(t, i), PayOrderDocument, { input: { orderId, idempotencyKey: key() } }, shopper.token).then((r) => r.payOrder)));
  const statuses = await t.pool.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from orders where user_id = $1 group by status', [shopper.id]);
  return {
    paid: results.filter((r) => r.order?.status === 'PAID').length,
    insufficient: results.filter((r) => r.userErrors[0]?.code === 'INSUFFICIENT_BALANCE').length,
    statuses: Object.fromEntries(statuses.rows.map((r) => [r.status, r.n])),
    money: await money(t, shopper.id),
  };
}

/** `requests` chargePoints with one idempotency key, all at once. */
export async function raceOneKey(t: Target, requests: number, amount: number) {
  const [shopper] = await newShoppers(t, 1, 0);
  const idempotencyKey = key();
  const results = await Promise.all(Array.from({ length: requests }, (_, i) =>
    gqlAt(at(t, i), ChargePointsDocument, { input: { amount, idempotencyKey } }, shopper.token).then((r) => r.chargePoints)));
  return {
    answers: new Set(results.map((r) => JSON.stringify(r))),
    money: await money(t, shopper.id),
    charges: (await one<{ n: number }>(t.pool, "select count(*)::int as n from wallet_transactions where user_id = $1 and type = 'CHARGE'", [shopper.id])).n,
  };
}

/**
 * For each of `orders` PENDING orders, payOrder and cancelOrder at the same moment (on different
 * endpoints when there are several). Either the cancel came first (payment refused, nothing
 * taken) or the payment did (then the cancel refunded it): both end CANCELLED, money and stock whole.
 */
export async function racePayAgainstCancel(t: Target, orders: number) {
  const price = 1_000;
  const product = await newProduct(t, price, orders);
  const [shopper] = await newShoppers(t, 1, price * orders);
  const ids: string[] = [];
  for (let i = 0; i < orders; i++) {
    const res = await gqlAt(at(t, i), PlaceOrderDocument, { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() } }, shopper.token);
    ids.push(res.placeOrder.order!.id);
  }
  const outcomes = await Promise.all(ids.map(async (orderId, i) => {
    const [pay, cancel] = await Promise.all([
      gqlAt(at(t, i), PayOrderDocument, { input: { orderId, idempotencyKey: key() } }, shopper.token).then((r) => r.payOrder),
      gqlAt(at(t, i + 1), CancelOrderDocument, { input: { orderId } }, shopper.token).then((r) => r.cancelOrder),
    ]);
    const ledger = await t.pool.query<{ type: string }>('select type from wallet_transactions where order_id = $1 order by created_at, type', [orderId]);
    return {
      paid: pay.order !== null,
      payRefusal: pay.userErrors[0]?.code ?? null,
      cancelled: cancel.order?.status === 'CANCELLED',
      cancelRefunded: cancel.order?.paidAt !== null && cancel.order?.paidAt !== undefined,
      ledger: ledger.rows.map((r) => r.type),
    };
  }));
  const statuses = await t.pool.query<{ status: string }>('select distinct status from orders where user_id = $1', [shopper.id]);
  return {
    outcomes,
    statuses: statuses.rows.map((r) => r.status),
    money: await money(t, shopper.id),
    startBalance: price * orders,
    stock: await stockOf(t, product.id),
    startStock: orders,
  };
}

/** `cancels` concurrent cancels of one PAID order: exactly one refund. */
export async function raceCancels(t: Target, cancels: number) {
  const product = await newProduct(t, 5_000, 10);
  const [shopper] = await newShoppers(t, 1, 10_000);
  const bought = await gqlAt(at(t, 0), CheckoutDocument, { input: { items: [{ productId: product.id, quantity: 2 }], idempotencyKey: key() } }, shopper.token);
  if (bought.checkout.userErrors.length) throw new Error(JSON.stringify(bought.checkout.userErrors));
  const orderId = bought.checkout.order!.id;
  const results = await Promise.all(Array.from({ length: cancels }, (_, i) =>
    gqlAt(at(t, i), CancelOrderDocument, { input: { orderId } }, shopper.token).then((r) => r.cancelOrder)));
  return {
    succeeded: results.filter((r) => r.order !== null).length,
    notCancellable: results.filter((r) => r.userErrors[0]?.code === 'ORDER_NOT_CANCELLABLE').length,
    money: await money(t, shopper.id),
    stock: await stockOf(t, product.id),
  };
}

import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CancelOrderDocument, ChargePointsDocument, CheckoutDocument, MyOrdersDocument, OrderDocument, PayOrderDocument,
  PlaceOrderDocument, ProductDocument, ProductsDocument, WalletBalanceDocument, WalletDocument,
} from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { NO_RATE_LIMITS, charge, checkoutOne, key, placeOne } from '../support/shopper';

let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await startTestApp(NO_RATE_LIMITS);
  admin = await adminToken(app);
});
afterAll(() => app.stop());

const db = <T = any>(sql: string, params: unknown[] = []) => app.services.pool.query(sql, params).then((r) => r.rows as T[]);
const stockOf = (productId: string) => db<{ available: number }>('select available from stock where product_id = $1', [productId]).then((r) => r[0].available);
const balanceOf = (token: string) => app.ok(WalletBalanceDocument, {}, token).then((d) => d.wallet.balance);
const ledgerSum = (userId: string) =>
  db<{ sum: number }>('select coalesce(sum(amount), 0)::int as sum from wallet_transactions where user_id = $1', [userId]).then((r) => r[0].sum);
/** A payload without the fields resolved live at read time (items' current product). */
const stored = <T>(payload: T): T =>
  JSON.parse(JSON.stringify(payload, (k, v) => (k === 'product' ? undefined : v)));
const readModelStock = (id: string, expected: number) =>
  eventually(() => app.ok(ProductDocument, { id }).then((d) => d.product?.stock === expected || undefined), 10_000, `product_read.stock = ${expected}`);

describe("the shopper's path", () => {
  it('sign up, charge 50,000, list products, order one 25,000 product, pay: balance 25,000 and stock one lower', async () => {
    const shopper = await signUpCustomer(app, 'Path');
    const product = await createProduct(app, admin, { name: 'Headphones', price: 25_000, stock: 10 });
    await readModelStock(product.id, 10);

    const charged = await charge(app, shopper.token, 50_000);
    expect(charged).toEqual({ balance: 50_000, version: 1 });
    const listed = await app.ok(ProductsDocument, { first: 10, category: product.category });
    expect(listed.products.edges.map((e) => e.node)).toEqual([expect.objectContaining({ id: product.id, price: 25_000, stock: 10 })]);

    const order = await placeOne(app, shopper.token, product.id);
    expect(order).toMatchObject({
      status: 'PENDING', subtotal: 25_000, discount: 0, total: 25_000, version: 1, paidAt: null, payment: null,
      items: [{ productId: product.id, productName: 'Headphones', unitPrice: 25_000, quantity: 1, lineTotal: 25_000, product: { id: product.id } }],
    });
    const holdMs = Date.parse(order.expiresAt) - Date.parse(order.createdAt);
    expect(holdMs).toBe(600_000);
    expect(await stockOf(product.id)).toBe(9);
    expect(await balanceOf(shopper.token)).toBe(50_000); // placing checks the balance, paying takes it

    const { payOrder } = await app.ok(PayOrderDocument, { input: { orderId: order.id, idempotencyKey: key() } }, shopper.token);
    expect(payOrder.userErrors).toEqual([]);
    expect(payOrder.order).toMatchObject({ id: order.id, status: 'PAID', version: 2, total: 25_000 });
    expect(payOrder.payment).toMatchObject({ amount: 25_000 });
    expect(payOrder.order!.payment).toEqual(payOrder.payment);
    expect(payOrder.order!.paidAt).toBe(payOrder.payment!.paidAt);

    expect(await balanceOf(shopper.token)).toBe(25_000);
    expect(await stockOf(product.id)).toBe(9); // the hold became the sale
    await readModelStock(product.id, 9);

    const { wallet } = await app.ok(WalletDocument, { first: 10 }, shopper.token);
    expect(wallet).toMatchObject({ balance: 25_000, version: 2 });
    expect(wallet.transactions.totalCount).toBe(2);
    expect(wallet.transactions.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ id: payOrder.payment!.id, type: 'PAYMENT', amount: -25_000, balanceAfter: 25_000, orderId: order.id }),
      expect.objectContaining({ type: 'CHARGE', amount: 50_000, balanceAfter: 50_000, orderId: null }),
    ]);
    expect(await ledgerSum(shopper.id)).toBe(25_000);

    const read = await app.ok(OrderDocument, { id: order.id }, shopper.token);
    expect(read.order).toEqual(payOrder.order);
    const mine = await app.ok(MyOrdersDocument, { first: 5 }, shopper.token);
    expect(mine.myOrders.totalCount).toBe(1);
    expect(mine.myOrders.edges[0].node.id).toBe(order.id);
  });

  it('cancelling a PAID order refunds in full and returns the stock; a second cancel is ORDER_NOT_CANCELLABLE', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 25_000, stock: 3 });
    await charge(app, shopper.token, 50_000);
    const { order } = await checkoutOne(app, shopper.token, product.id, 2);
    expect(order).toMatchObject({ status: 'PAID', total: 50_000, version: 2 });
    expect(await balanceOf(shopper.token)).toBe(0);
    expect(await stockOf(product.id)).toBe(1);

    const { cancelOrder } = await app.ok(CancelOrderDocument, { input: { orderId: order!.id } }, shopper.token);
    expect(cancelOrder.userErrors).toEqual([]);
    expect(cancelOrder.order).toMatchObject({ status: 'CANCELLED', version: 3, paidAt: order!.paidAt });
    expect(cancelOrder.order!.cancelledAt).not.toBeNull();
    expect(await balanceOf(shopper.token)).toBe(50_000);
    expect(await stockOf(product.id)).toBe(3);
    await readModelStock(product.id, 3);
    const refunds = await db('select amount, balance_after from wallet_transactions where order_id = $1 and type = $2', [order!.id, 'REFUND']);
    expect(refunds).toEqual([{ amount: 50_000, balance_after: 50_000 }]);
    expect(await ledgerSum(shopper.id)).toBe(50_000);

    const again = await app.ok(CancelOrderDocument, { input: { orderId: order!.id } }, shopper.token);
    expect(again.cancelOrder.order).toBeNull();
    expect(again.cancelOrder.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_CANCELLABLE', field: ['input', 'orderId'] })]);
    expect(await balanceOf(shopper.token)).toBe(50_000);
    expect(await stockOf(product.id)).toBe(3);
  });

  it('cancelling a PENDING order releases the hold and takes no money; it can no longer be paid', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 1_000, stock: 5 });
    await charge(app, shopper.token, 10_000);
    const order = await placeOne(app, shopper.token, product.id, 4);
    expect(await stockOf(product.id)).toBe(1);
    const { cancelOrder } = await app.ok(CancelOrderDocument, { input: { orderId: order.id } }, shopper.token);
    expect(cancelOrder.order).toMatchObject({ status: 'CANCELLED', version: 2, paidAt: null, payment: null });
    expect(await stockOf(product.id)).toBe(5);
    await readModelStock(product.id, 5);
    expect(await balanceOf(shopper.token)).toBe(10_000);
    const pay = await app.ok(PayOrderDocument, { input: { orderId: order.id, idempotencyKey: key() } }, shopper.token);
    expect(pay.payOrder.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_PAYABLE', field: ['input', 'orderId'] })]);
    expect(await balanceOf(shopper.token)).toBe(10_000);
  });

  it('orders several products at once, items sorted by product id, events for every change in the outbox', async () => {
    const shopper = await signUpCustomer(app);
    const a = await createProduct(app, admin, { name: 'A', price: 1_000, stock: 5 });
    const b = await createProduct(app, admin, { name: 'B', price: 2_500, stock: 5 });
    await charge(app, shopper.token, 100_000);
    const { placeOrder } = await app.ok(PlaceOrderDocument, {
      input: { items: [{ productId: b.id, quantity: 2 }, { productId: a.id, quantity: 3 }], idempotencyKey: key() },
    }, shopper.token);
    const order = placeOrder.order!;
    expect(order.items.map((i) => [i.productName, i.quantity, i.lineTotal])).toEqual([['A', 3, 3_000], ['B', 2, 5_000]]);
    expect(order.subtotal).toBe(8_000);
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([2, 3]);
    const events = await db<{ type: string; reason: string | null }>(
      `select event->>'type' as type, event->'data'->>'reason' as reason from outbox
       where event->>'aggregateId' = $1 or (event->>'type' = 'StockChanged' and event->'data'->>'productId' in ($2, $3))
       order by seq`, [order.id, a.id, b.id],
    );
    expect(events.filter((e) => e.type !== 'StockChanged' || e.reason !== 'CREATED')).toEqual([
      { type: 'OrderPlaced', reason: null }, { type: 'StockChanged', reason: 'HELD' }, { type: 'StockChanged', reason: 'HELD' },
    ]);
  });
});

describe('refusals change nothing', () => {
  it('OUT_OF_STOCK points at the item and names the product; earlier items are not held either', async () => {
    const shopper = await signUpCustomer(app);
    const plenty = await createProduct(app, admin, { name: 'Plenty', price: 100, stock: 50 });
    const scarce = await createProduct(app, admin, { name: 'Scarce widget', price: 100, stock: 1 });
    await charge(app, shopper.token, 10_000);
    const { placeOrder } = await app.ok(PlaceOrderDocument, {
      input: { items: [{ productId: plenty.id, quantity: 5 }, { productId: scarce.id, quantity: 2 }], idempotencyKey: key() },
    }, shopper.token);
    expect(placeOrder.order).toBeNull();
    expect(placeOrder.userErrors).toEqual([expect.objectContaining({ code: 'OUT_OF_STOCK', field: ['input', 'items', '1', 'quantity'] })]);
    expect(placeOrder.userErrors[0].message).toContain('Scarce widget');
    expect([await stockOf(plenty.id), await stockOf(scarce.id)]).toEqual([50, 1]);
    expect(await db('select 1 from orders where user_id = $1', [shopper.id])).toHaveLength(0);
  });

  it('NOT_FOUND for an unknown product, BAD_USER_INPUT for empty, duplicate and oversized lists and bad quantities', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 100, stock: 10 });
    await charge(app, shopper.token, 10_000);
    const place = (items: Array<{ productId: string; quantity: number }>, idempotencyKey = key()) =>
      app.ok(PlaceOrderDocument, { input: { items, idempotencyKey } }, shopper.token).then((d) => d.placeOrder);

    const unknown = await place([{ productId: product.id, quantity: 1 }, { productId: '01890000-0000-7000-8000-000000000000', quantity: 1 }]);
    expect(unknown.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'items', '1', 'productId'] })]);
    expect((await place([])).userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'items'] })]);
    const duplicate = await place([{ productId: product.id, quantity: 1 }, { productId: product.id.toUpperCase(), quantity: 2 }]);
    expect(duplicate.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'items', '1', 'productId'] })]);
    const many = Array.from({ length: 51 }, (_, i) => ({ productId: `01890000-0000-7000-8000-${String(i).padStart(12, '0')}`, quantity: 1 }));
    expect((await place(many)).userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'items'] })]);
    for (const quantity of [0, 101]) {
      const bad = await place([{ productId: product.id, quantity }]);
      expect(bad.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'items', '0', 'quantity'] })]);
    }
    const notAnId = await place([{ productId: 'nope', quantity: 1 }]);
    expect(notAnId.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'items', '0', 'productId'] })]);
    for (const idempotencyKey of ['', 'k'.repeat(101)]) {
      const badKey = await place([{ productId: product.id, quantity: 1 }], idempotencyKey);
      expect(badKey.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'idempotencyKey'] })]);
    }
    const coupon = await app.ok(PlaceOrderDocument, {
      input: { items: [{ productId: product.id, quantity: 1 }], couponId: '01890000-0000-7000-8000-000000000000', idempotencyKey: key() },
    }, shopper.token);
    expect(coupon.placeOrder.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'couponId'] })]);

    expect(await stockOf(product.id)).toBe(10);
    expect(await db('select 1 from orders where user_id = $1', [shopper.id])).toHaveLength(0);
    expect(await db("select 1 from idempotency_keys where user_id = $1 and operation = 'placeOrder'", [shopper.id])).toHaveLength(0);
  });

  it('INSUFFICIENT_BALANCE on placeOrder, payOrder and checkout', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 30_000, stock: 10 });
    const place = () => app.ok(PlaceOrderDocument, { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() } }, shopper.token);
    expect((await place()).placeOrder.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' })]);

    await charge(app, shopper.token, 40_000);
    const first = (await place()).placeOrder.order!;
    const second = (await place()).placeOrder.order!; // the balance is checked at placement, not reserved
    const pay = (orderId: string) => app.ok(PayOrderDocument, { input: { orderId, idempotencyKey: key() } }, shopper.token);
    expect((await pay(first.id)).payOrder.order?.status).toBe('PAID');
    const short = await pay(second.id);
    expect(short.payOrder).toMatchObject({ order: null, payment: null, userErrors: [expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' })] });
    const checkout = await app.ok(CheckoutDocument, { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() } }, shopper.token);
    expect(checkout.checkout.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' })]);

    expect(await balanceOf(shopper.token)).toBe(10_000);
    expect(await stockOf(product.id)).toBe(8); // two holds (one sold, one pending), nothing for the refused checkout
    expect(await db('select status from orders where user_id = $1 order by id', [shopper.id])).toEqual([{ status: 'PAID' }, { status: 'PENDING' }]);
  });

  it('chargePoints: 1 to 1,000,000 per charge (BAD_USER_INPUT), balance at most 10,000,000 (BALANCE_LIMIT_EXCEEDED)', async () => {
    const shopper = await signUpCustomer(app);
    const chargeOnce = (amount: number) => app.ok(ChargePointsDocument, { input: { amount, idempotencyKey: key() } }, shopper.token).then((d) => d.chargePoints);
    for (const amount of [0, -5, 1_000_001]) {
      expect(await chargeOnce(amount)).toEqual({ wallet: null, userErrors: [expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'amount'] })] });
    }
    for (let i = 0; i < 9; i++) await chargeOnce(1_000_000);
    expect((await chargeOnce(999_999)).wallet).toEqual({ balance: 9_999_999, version: 10 });
    expect(await chargeOnce(2)).toEqual({ wallet: null, userErrors: [expect.objectContaining({ code: 'BALANCE_LIMIT_EXCEEDED', field: ['input', 'amount'] })] });
    expect((await chargeOnce(1)).wallet).toEqual({ balance: 10_000_000, version: 11 });
    expect(await balanceOf(shopper.token)).toBe(10_000_000);
    expect(await ledgerSum(shopper.id)).toBe(10_000_000);
  });
});

describe('idempotent replays', () => {
  it('chargePoints: same key and amount → the same answer, charged once; other amount → IDEMPOTENCY_KEY_REUSED', async () => {
    const shopper = await signUpCustomer(app);
    const idempotencyKey = key();
    const first = await app.ok(ChargePointsDocument, { input: { amount: 7_000, idempotencyKey } }, shopper.token);
    const again = await app.ok(ChargePointsDocument, { input: { amount: 7_000, idempotencyKey } }, shopper.token);
    expect(again).toEqual(first);
    const other = await app.ok(ChargePointsDocument, { input: { amount: 8_000, idempotencyKey } }, shopper.token);
    expect(other.chargePoints).toEqual({ wallet: null, userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })] });
    expect(await balanceOf(shopper.token)).toBe(7_000);

    // Keys are per user and per operation.
    const someoneElse = await signUpCustomer(app);
    expect((await app.ok(ChargePointsDocument, { input: { amount: 1_000, idempotencyKey } }, someoneElse.token)).chargePoints.wallet?.balance).toBe(1_000);
    const product = await createProduct(app, admin, { price: 1_000, stock: 5 });
    const placed = await app.ok(PlaceOrderDocument, { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey } }, shopper.token);
    expect(placed.placeOrder.order?.status).toBe('PENDING');
  });

  it('placeOrder, payOrder and checkout replay their stored payload without a second effect', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 1_000, stock: 10 });
    await charge(app, shopper.token, 10_000);
    const placeInput = { items: [{ productId: product.id, quantity: 2 }], idempotencyKey: key() };
    const placed = await app.ok(PlaceOrderDocument, { input: placeInput }, shopper.token);
    expect(stored(await app.ok(PlaceOrderDocument, { input: placeInput }, shopper.token))).toEqual(stored(placed));
    expect(await stockOf(product.id)).toBe(8);
    const changed = await app.ok(PlaceOrderDocument, { input: { ...placeInput, items: [{ productId: product.id, quantity: 3 }] } }, shopper.token);
    expect(changed.placeOrder.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);

    const payInput = { orderId: placed.placeOrder.order!.id, idempotencyKey: key() };
    const paid = await app.ok(PayOrderDocument, { input: payInput }, shopper.token);
    expect(paid.payOrder.order?.status).toBe('PAID');
    expect(stored(await app.ok(PayOrderDocument, { input: payInput }, shopper.token))).toEqual(stored(paid));
    const payAgainOtherKey = await app.ok(PayOrderDocument, { input: { ...payInput, idempotencyKey: key() } }, shopper.token);
    expect(payAgainOtherKey.payOrder.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_PAYABLE' })]);
    expect(await balanceOf(shopper.token)).toBe(8_000);

    const checkoutInput = { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() };
    const bought = await app.ok(CheckoutDocument, { input: checkoutInput }, shopper.token);
    expect(bought.checkout.order?.status).toBe('PAID');
    expect(stored(await app.ok(CheckoutDocument, { input: checkoutInput }, shopper.token))).toEqual(stored(bought));
    expect(await balanceOf(shopper.token)).toBe(7_000);
    expect(await stockOf(product.id)).toBe(7);
    expect(await db('select 1 from orders where user_id = $1', [shopper.id])).toHaveLength(2);
  });

  it('a refused request does not burn its key: after charging, the same key succeeds', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 5_000, stock: 10 });
    const input = { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() };
    expect((await app.ok(CheckoutDocument, { input }, shopper.token)).checkout.userErrors[0].code).toBe('INSUFFICIENT_BALANCE');
    await charge(app, shopper.token, 5_000);
    expect((await app.ok(CheckoutDocument, { input }, shopper.token)).checkout.order?.status).toBe('PAID');
  });
});

describe('authorization', () => {
  it("another customer's order: order(id) is null, payOrder and cancelOrder answer NOT_FOUND; an admin may read and cancel it", async () => {
    const owner = await signUpCustomer(app, 'Owner');
    const other = await signUpCustomer(app, 'Other');
    const product = await createProduct(app, admin, { price: 1_000, stock: 5 });
    await charge(app, owner.token, 5_000);
    await charge(app, other.token, 5_000);
    const order = await placeOne(app, owner.token, product.id);

    expect((await app.ok(OrderDocument, { id: order.id }, other.token)).order).toBeNull();
    expect((await app.ok(OrderDocument, { id: 'not-an-id' }, other.token)).order).toBeNull();
    const pay = await app.ok(PayOrderDocument, { input: { orderId: order.id, idempotencyKey: key() } }, other.token);
    expect(pay.payOrder.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'orderId'] })]);
    const cancel = await app.ok(CancelOrderDocument, { input: { orderId: order.id } }, other.token);
    expect(cancel.cancelOrder.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect((await app.ok(MyOrdersDocument, {}, other.token)).myOrders.totalCount).toBe(0);
    expect(await balanceOf(other.token)).toBe(5_000);
    expect((await app.ok(OrderDocument, { id: order.id }, owner.token)).order?.status).toBe('PENDING');

    expect((await app.ok(OrderDocument, { id: order.id }, admin)).order?.id).toBe(order.id);
    const byAdmin = await app.ok(CancelOrderDocument, { input: { orderId: order.id } }, admin);
    expect(byAdmin.cancelOrder.order?.status).toBe('CANCELLED');
    expect(await stockOf(product.id)).toBe(5);
  });

  it('without a token: wallet, orders and every commerce mutation are UNAUTHENTICATED', async () => {
    const results = await Promise.all([
      app.gql(WalletDocument, {}),
      app.gql(MyOrdersDocument, {}),
      app.gql(ChargePointsDocument, { input: { amount: 1, idempotencyKey: 'k' } }),
      app.gql(CheckoutDocument, { input: { items: [{ productId: '01890000-0000-7000-8000-000000000000', quantity: 1 }], idempotencyKey: 'k' } }),
    ]);
    for (const res of results) expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('lists', () => {
  it('myOrders pages newest first and filters by status; wallet transactions page too', async () => {
    const shopper = await signUpCustomer(app);
    const product = await createProduct(app, admin, { price: 100, stock: 100 });
    await charge(app, shopper.token, 10_000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await placeOne(app, shopper.token, product.id)).id);
    await app.ok(PayOrderDocument, { input: { orderId: ids[1], idempotencyKey: key() } }, shopper.token);
    await app.ok(PayOrderDocument, { input: { orderId: ids[3], idempotencyKey: key() } }, shopper.token);

    const page1 = await app.ok(MyOrdersDocument, { first: 2 }, shopper.token);
    expect(page1.myOrders.edges.map((e) => e.node.id)).toEqual([ids[4], ids[3]]);
    expect(page1.myOrders).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const page2 = await app.ok(MyOrdersDocument, { first: 5, after: page1.myOrders.pageInfo.endCursor }, shopper.token);
    expect(page2.myOrders.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(page2.myOrders.pageInfo.hasNextPage).toBe(false);
    const paid = await app.ok(MyOrdersDocument, { status: 'PAID' }, shopper.token);
    expect(paid.myOrders.edges.map((e) => e.node.id)).toEqual([ids[3], ids[1]]);
    expect(paid.myOrders.totalCount).toBe(2);
    const tooMany = await app.gql(MyOrdersDocument, { first: 101 }, shopper.token);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });

    const tx1 = await app.ok(WalletDocument, { first: 2 }, shopper.token);
    expect(tx1.wallet.transactions.edges.map((e) => e.node.type)).toEqual(['PAYMENT', 'PAYMENT']);
    const tx2 = await app.ok(WalletDocument, { first: 2, after: tx1.wallet.transactions.pageInfo.endCursor }, shopper.token);
    expect(tx2.wallet.transactions.edges.map((e) => e.node.type)).toEqual(['CHARGE']);
    expect(tx2.wallet.transactions.totalCount).toBe(3);

    // The wallet reads its first `transactions` page in its own statement: aliased pages with
    // other arguments, fragments and variables must still each get their own answer.
    const aliased = await app.ok(parse(`query ($n: Int) { wallet { balance ...Tx a: transactions(first: 1) { totalCount edges { node { type } } pageInfo { hasNextPage } }
        b: transactions(first: $n) { edges { node { type } } } } }
      fragment Tx on Wallet { ... on Wallet { c: transactions(first: 3, after: "${tx1.wallet.transactions.pageInfo.endCursor}") { totalCount edges { node { type } } } } }`) as TypedDocumentNode<any, any>,
    { n: 3 }, shopper.token);
    expect(aliased.wallet).toEqual({
      balance: 10_000 - 200,
      c: { totalCount: 3, edges: [{ node: { type: 'CHARGE' } }] },
      a: { totalCount: 3, edges: [{ node: { type: 'PAYMENT' } }], pageInfo: { hasNextPage: true } },
      b: { edges: [{ node: { type: 'PAYMENT' } }, { node: { type: 'PAYMENT' } }, { node: { type: 'CHARGE' } }] },
    });
    const bad = await app.gql(parse('{ wallet { balance transactions(first: 0) { totalCount } } }') as TypedDocumentNode<any, any>, {}, shopper.token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });

  it('a user who never charged has an empty wallet at version 0', async () => {
    const shopper = await signUpCustomer(app);
    const { wallet } = await app.ok(WalletDocument, {}, shopper.token);
    expect(wallet).toMatchObject({ balance: 0, version: 0, transactions: { totalCount: 0, edges: [] } });
  });
});

import { OrderStatusChangedDocument, PayOrderDocument, ProductDocument } from '../generated/graphql';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { charge, key, placeOne } from '../support/shopper';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { subscribe, wsClient } from '../support/ws-client';

/**
 * Attack (issue 12 item 18): ids are UUIDs, and Postgres compares them case-insensitively, but
 * the live fan-out compares strings: orderStatusChanged with an upper-case order id got the
 * snapshot and then never a change. Ids are normalised where they enter (every ID argument and
 * input field, HTTP and graphql-ws), so every path sees one spelling.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());

it('orderStatusChanged with an upper-case id sees the order being paid', async () => {
  const admin = await adminToken(app);
  const shopper = await signUpCustomer(app, 'Upper');
  const product = await createProduct(app, admin, { price: 1_000, stock: 5 });
  await charge(app, shopper.token, 10_000);
  await eventually(async () => (await app.gql(ProductDocument, { id: product.id })).data?.product?.id === product.id);
  const order = await placeOne(app, shopper.token, product.id);
  const client = wsClient(app.url, shopper.token);
  try {
    const live = subscribe(client, OrderStatusChangedDocument, { orderId: order.id.toUpperCase() });
    const [snapshot] = await live.waitFor(1);
    expect(snapshot.orderStatusChanged).toMatchObject({ orderId: order.id, status: 'PENDING' });
    const paid = await app.ok(PayOrderDocument, { input: { orderId: order.id.toUpperCase(), idempotencyKey: key() } }, shopper.token);
    expect(paid.payOrder.userErrors).toEqual([]);
    const values = await live.waitFor(2);
    expect(values[1].orderStatusChanged).toMatchObject({ orderId: order.id, status: 'PAID', previousStatus: 'PENDING' });
  } finally {
    await client.dispose();
  }
});

it('an upper-case product id is the same product on HTTP', async () => {
  const admin = await adminToken(app);
  const product = await createProduct(app, admin, { stock: 1 });
  await eventually(async () => (await app.gql(ProductDocument, { id: product.id })).data?.product?.id === product.id);
  const res = await app.gql(ProductDocument, { id: product.id.toUpperCase() });
  expect(res.data?.product?.id).toBe(product.id);
});

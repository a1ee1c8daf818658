import { CheckoutDocument, PlaceOrderDocument } from '../generated/graphql';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { key } from '../support/shopper';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * Attack (issue 12 item 16): placeOrder of 100 × a 100,000,000-won product made a total past
 * Postgres' integer and answered INTERNAL_SERVER_ERROR ("out of range for type integer"). It is
 * a typed refusal naming the items, and nothing is written.
 */
let app: TestApp;
let customer: { token: string; id: string };
let productId: string;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await adminToken(app);
  productId = (await createProduct(app, admin, { price: 100_000_000, stock: 1_000 })).id;
  customer = await signUpCustomer(app, 'Overflow');
  await eventually(async () => (await app.services.pool.query('select 1 from product_read where id = $1 and stock_version > 0', [productId])).rowCount === 1);
});
afterAll(() => app?.stop());

const nothingWritten = async () => {
  const orders = await app.services.pool.query('select count(*)::int as n from orders where user_id = $1', [customer.id]);
  const stock = await app.services.pool.query('select available from stock where product_id = $1', [productId]);
  expect([orders.rows[0].n, stock.rows[0].available]).toEqual([0, 1_000]);
};

describe('an order total past 2^31 won', () => {
  it('placeOrder of 100 × 100,000,000 won → ORDER_TOO_LARGE naming the items, nothing written', async () => {
    const res = await app.gql(PlaceOrderDocument, { input: { items: [{ productId, quantity: 100 }], idempotencyKey: key() } }, customer.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.placeOrder.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_TOO_LARGE', field: ['input', 'items'] })]);
    await nothingWritten();
  });

  it('checkout of the same → the same refusal', async () => {
    const res = await app.gql(CheckoutDocument, { input: { items: [{ productId, quantity: 100 }], idempotencyKey: key() } }, customer.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.checkout.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_TOO_LARGE', field: ['input', 'items'] })]);
    await nothingWritten();
  });
});

import { CancelOrderDocument, RestockProductDocument } from '../generated/graphql';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { charge, key, placeOne } from '../support/shopper';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * Attack (issue 12 item 8): an admin restock to the stock ceiling (100,000,000) while an order
 * held units of the product made "cannot put units back" fail every expiry pass: no order
 * anywhere expired any more, and cancelling a hold on that product answered
 * INTERNAL_SERVER_ERROR. Returning units is never refused, and one failing order can no longer
 * stall the expiry of the others.
 */
const MAX_STOCK = 100_000_000;
let app: TestApp;
let admin: string;
let shopper: { token: string; id: string };

beforeAll(async () => {
  app = await startTestApp({ ORDER_HOLD_SECONDS: '2' });
  admin = await adminToken(app);
  shopper = await signUpCustomer(app, 'Hoarder');
  await charge(app, shopper.token, 100_000);
});
afterAll(() => app?.stop());

const available = async (productId: string) =>
  (await app.services.pool.query('select available from stock where product_id = $1', [productId])).rows[0].available as number;
const status = async (orderId: string) =>
  (await app.services.pool.query('select status from orders where id = $1', [orderId])).rows[0].status as string;
/** Products start at the ceiling (a restock adds at most 1,000,000): the held units are all that is missing. */
const fillToCeiling = async (productId: string) => {
  const { restockProduct } = await app.ok(RestockProductDocument, { input: { productId, quantity: MAX_STOCK - (await available(productId)) } }, admin);
  expect(restockProduct.userErrors).toEqual([]);
};

it('holds on a product restocked to the ceiling still expire, and so do everyone else\'s', async () => {
  const ceiling = await createProduct(app, admin, { price: 100, stock: MAX_STOCK });
  const other = await createProduct(app, admin, { price: 100, stock: 10 });
  const held = await placeOne(app, shopper.token, ceiling.id, 5);
  const bystander = await placeOne(app, shopper.token, other.id, 1);
  await fillToCeiling(ceiling.id);
  await eventually(async () => (await status(held.id)) === 'EXPIRED' && (await status(bystander.id)) === 'EXPIRED', 10_000, 'both orders expired');
  expect(await available(ceiling.id)).toBe(MAX_STOCK + 5);
});

it('cancelling a hold on a product at the ceiling gives the units back (no INTERNAL_SERVER_ERROR)', async () => {
  const product = await createProduct(app, admin, { price: 100, stock: MAX_STOCK });
  const order = await placeOne(app, shopper.token, product.id, 3);
  await fillToCeiling(product.id);
  const res = await app.gql(CancelOrderDocument, { input: { orderId: order.id, idempotencyKey: key() } }, shopper.token);
  expect(res.errors).toBeUndefined();
  expect(res.data!.cancelOrder.userErrors).toEqual([]);
  expect(await available(product.id)).toBe(MAX_STOCK + 3);
});

it('one order that cannot expire (a poisoned row) does not stop the others expiring', async () => {
  const product = await createProduct(app, admin, { price: 100, stock: 10 });
  const poisoned = await placeOne(app, shopper.token, product.id, 1);
  const { pool } = app.services;
  // Any failure confined to one order: here a trigger refusing to update that row.
  await pool.query(`create or replace function security_spec_poison() returns trigger language plpgsql as $$
    begin if old.id = '${poisoned.id}' then raise exception 'poisoned order'; end if; return new; end $$`);
  await pool.query('create trigger security_spec_poison before update on orders for each row execute function security_spec_poison()');
  try {
    const healthy = await placeOne(app, shopper.token, product.id, 1);
    await eventually(async () => (await status(healthy.id)) === 'EXPIRED', 10_000, 'the healthy order expired');
    expect(await status(poisoned.id)).toBe('PENDING');
  } finally {
    await pool.query('drop trigger security_spec_poison on orders');
    await pool.query('drop function security_spec_poison()');
  }
  await eventually(async () => (await status(poisoned.id)) === 'EXPIRED', 20_000, 'the once-poisoned order expired (after its quarantine)');
}, 40_000);

import WebSocket from 'ws';
import {
  CheckoutDocument, CreateCouponCampaignDocument, IssueCouponDocument, PlaceOrderDocument, ProductsDocument, SignInDocument,
} from '../generated/graphql';
import { ADMIN, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { charge, key } from '../support/shopper';
import { subscribe, wsClient } from '../support/ws-client';

let app: TestApp;
let customer: { token: string; id: string; email: string };

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
  customer = await signUpCustomer(app, 'Abuser');
});
afterAll(() => app?.stop());

const post = async (body: string, token?: string) => {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
};
const query = (q: string, token?: string) => post(JSON.stringify({ query: q }), token);
const tooComplex = (errors: Array<{ message: string; extensions?: { code?: string } }> | undefined, what: RegExp) =>
  expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(what), extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) })]));

// 20 pages of 100 products with 9 fields: 20 × (1 + 100 × 11) = 22,020 > 20,000; only 20 aliases, depth 4.
const COSTLY = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: products(first: 100) { edges { node { id name description category price stock version createdAt updatedAt } } }`).join(' ')} }`;
const ALIAS_BOMB = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
// Only the depth is wrong with it (besides the fields that do not exist, which validation names too).
const DEEP = `{ products { edges { node { a { b { c { d { e { f { g { h } } } } } } } } } } }`;
// Each fragment spreads the next twice: 2^40 leaves if anything walked it naively.
const FRAGMENT_BOMB = `{ ...F0 }\n${Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n')}\nfragment F40 on Query { __typename }`;

const ABUSIVE: Array<[string, string, RegExp]> = [
  ['over-costly', COSTLY, /cost/],
  ['alias-bombed', ALIAS_BOMB, /alias/],
  ['over-deep', DEEP, /depth/],
  ['fragment-bombed', FRAGMENT_BOMB, /cost/],
];

describe('query limits', () => {
  it.each(ABUSIVE)('an %s query is refused over HTTP before it runs', async (_what, q, message) => {
    const started = Date.now();
    const res = await query(q, customer.token);
    expect(Date.now() - started).toBeLessThan(2_000); // refused by validation, not after running (or exploding)
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    tooComplex(res.body.errors, message);
  });

  it.each(ABUSIVE)('an %s query is refused over graphql-ws, and the socket stays usable', async (_what, q, message) => {
    const client = wsClient(app.url, customer.token);
    try {
      const refused = subscribe(client, q);
      tooComplex((await refused.failed) as never, message);
      expect(refused.values).toEqual([]);
      const fine = subscribe(client, '{ __typename }');
      expect(await fine.waitFor(1)).toEqual([{ __typename: 'Query' }]);
    } finally {
      await client.dispose();
    }
  });

  it('a syntax error over graphql-ws is answered on its operation, not by closing the socket', async () => {
    const client = wsClient(app.url, customer.token);
    try {
      const broken = subscribe(client, '{ products { ');
      expect(await broken.failed).toEqual([expect.objectContaining({ message: expect.stringMatching(/Syntax Error/) })]);
      expect(await subscribe(client, '{ __typename }').waitFor(1)).toEqual([{ __typename: 'Query' }]);
    } finally {
      await client.dispose();
    }
  });

  it('a query just within the limits runs', async () => {
    const res = await query(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data as object)).toHaveLength(30);
  });
});

describe('oversized bodies and lists', () => {
  it('a body over 100 kB → 413 with a GraphQL-shaped error', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(150 * 1024) } }));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ errors: [expect.objectContaining({ message: expect.stringMatching(/exceeds 100kb/), extensions: { code: 'BAD_REQUEST' } })] });
  });

  it('a body that is not JSON → 400 with a GraphQL-shaped error', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it('a graphql-ws message over 100 kB closes that socket (1009) and nothing runs', async () => {
    const ws = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await new Promise((resolve) => ws.once('message', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }', variables: { pad: 'x'.repeat(150 * 1024) } } }));
    expect(await closed).toBe(1009);
  });

  it('an oversized list (51 order items) → BAD_USER_INPUT naming the list, nothing written', async () => {
    const items = Array.from({ length: 51 }, (_, i) => ({ productId: `01890000-0000-7000-8000-${String(i).padStart(12, '0')}`, quantity: 1 }));
    const { placeOrder } = await app.ok(PlaceOrderDocument, { input: { items, idempotencyKey: key() } }, customer.token);
    expect(placeOrder.order).toBeNull();
    expect(placeOrder.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'items'] })]);
    const { rows } = await app.services.pool.query('select count(*)::int as n from orders where user_id = $1', [customer.id]);
    expect(rows[0].n).toBe(0);
  });

  it('an oversized page → BAD_USER_INPUT naming the argument', async () => {
    const res = await app.gql(ProductsDocument, { first: 101 });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });
});

describe('rate limits (small limits for the test; the defaults are 20/s per user, 3,000/s per IP)', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ ROLES: 'api', RATE_LIMIT_PER_USER: '3', RATE_LIMIT_PER_IP: '12', RATE_LIMIT_WINDOW_MS: '60000' });
  });
  afterAll(() => limited?.stop());

  it('signIn: the 4th try on one account in a window is RATE_LIMITED even with the right password', async () => {
    const shopper = await signUpCustomer(limited, 'Guessed');
    const attempts = [];
    for (const password of ['wrong-1', 'wrong-2', 'wrong-3', 'correct horse battery']) {
      attempts.push((await limited.ok(SignInDocument, { input: { email: shopper.email, password } })).signIn);
    }
    expect(attempts.slice(0, 3).map((a) => a.userErrors[0]?.code)).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    expect(attempts[3]).toEqual({ token: null, user: null, userErrors: [expect.objectContaining({ code: 'RATE_LIMITED', message: expect.stringMatching(/for this account/), field: null })] });
    // Another account from the same address still gets in (the IP limit is higher).
    expect((await limited.ok(SignInDocument, { input: ADMIN })).signIn.token).toBeTruthy();
  });

  it('signIn: many accounts from one address hit the per-IP limit', async () => {
    // 12 per window per IP; the previous test used 5 of this window's signIns from 127.0.0.1.
    const results = [];
    for (let i = 0; i < 8; i++) {
      results.push((await limited.ok(SignInDocument, { input: { email: `nobody-${i}@example.test`, password: 'whatever-123' } })).signIn.userErrors[0].code);
    }
    expect(results.slice(0, 7)).toEqual(Array(7).fill('INVALID_CREDENTIALS'));
    expect(results[7]).toBe('RATE_LIMITED');
  });

  it('placeOrder, checkout and issueCoupon: the 4th call of a user in a window is RATE_LIMITED and writes nothing', async () => {
    const admin = await adminToken(app);
    const shopper = await signUpCustomer(limited, 'Hasty');
    const product = await createProduct(app, admin, { price: 1_000, stock: 100 });
    await charge(limited, shopper.token, 100_000);
    const items = [{ productId: product.id, quantity: 1 }];

    const placed = [];
    for (let i = 0; i < 4; i++) placed.push((await limited.ok(PlaceOrderDocument, { input: { items, idempotencyKey: key() } }, shopper.token)).placeOrder);
    expect(placed.map((p) => p.userErrors[0]?.code ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
    expect(placed[3].order).toBeNull();

    const checkedOut = [];
    for (let i = 0; i < 4; i++) checkedOut.push((await limited.ok(CheckoutDocument, { input: { items, idempotencyKey: key() } }, shopper.token)).checkout);
    expect(checkedOut.map((p) => p.userErrors[0]?.code ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);

    const { rows } = await app.services.pool.query('select count(*)::int as n from orders where user_id = $1', [shopper.id]);
    expect(rows[0].n).toBe(6);
    const stock = await app.services.pool.query('select available from stock where product_id = $1', [product.id]);
    expect(stock.rows[0].available).toBe(94);

    const { createCouponCampaign } = await app.ok(CreateCouponCampaignDocument, { input: {
      name: 'Limited', discountType: 'FIXED', discountValue: 100, totalQuantity: 10, couponValidDays: 1, minOrderAmount: 0,
      startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    } }, admin);
    const campaignId = createCouponCampaign.campaign!.id;
    const claims = [];
    for (let i = 0; i < 4; i++) claims.push((await limited.ok(IssueCouponDocument, { input: { campaignId } }, shopper.token)).issueCoupon.userErrors[0]?.code ?? 'OK');
    expect(claims).toEqual(['OK', 'COUPON_ALREADY_ISSUED', 'COUPON_ALREADY_ISSUED', 'RATE_LIMITED']);
  });
});

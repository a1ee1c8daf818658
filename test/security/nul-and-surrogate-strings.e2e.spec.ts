import { randomUUID } from 'node:crypto';
import { signUpCustomer } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { subscribe, wsClient } from '../support/ws-client';
import { rawQuery } from './attack-client';

/**
 * Attack (issue 12 item 15): NUL characters in any string input (a category, an email, a name,
 * an idempotency key) reached Postgres and came back as INTERNAL_SERVER_ERROR; lone surrogates
 * were stored as U+FFFD, so two different idempotency keys collided. Every string input is
 * refused with BAD_USER_INPUT naming the field, and nothing is written.
 */
let app: TestApp;
let customer: { token: string; id: string };

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
  customer = await signUpCustomer(app, 'Nul');
});
afterAll(() => app?.stop());

const BAD = [['NUL', 'a\u0000b'], ['lone high surrogate', 'a\ud800b'], ['lone low surrogate', 'a\udc00b']];

const expectBadInput = (res: Awaited<ReturnType<typeof rawQuery>>, field: string[]) => {
  const errors = [...(res.body.errors ?? []), ...Object.values(res.body.data ?? {}).flatMap((p) => (p as { userErrors?: [] } | null)?.userErrors ?? [])] as Array<{ code?: string; field?: string[]; extensions?: { code?: string; field?: string[] } }>;
  expect(errors).toEqual([expect.objectContaining({})]);
  const e = errors[0];
  expect(e.extensions?.code ?? e.code).toBe('BAD_USER_INPUT');
  expect(e.extensions?.field ?? e.field).toEqual(field);
};

describe.each(BAD)('a string with a %s', (_what, bad) => {
  it('as a query argument (variable or literal) → BAD_USER_INPUT naming it', async () => {
    expectBadInput(await rawQuery(app.url, 'query($c: String) { products(category: $c) { totalCount } }', { c: bad }), ['c']);
    const literal = await rawQuery(app.url, `{ products(category: ${JSON.stringify(bad)}) { totalCount } }`);
    // graphql-js itself refuses a lone surrogate escape in a literal (a typed parse error); NUL parses, and is ours to refuse.
    if (bad.includes('\u0000')) expectBadInput(literal, ['category']);
    else expect(literal.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('in signUp email and name → BAD_USER_INPUT naming the field, no account', async () => {
    const email = `nul-${randomUUID()}@example.test`;
    const q = 'mutation($input: SignUpInput!) { signUp(input: $input) { token userErrors { code field } } }';
    expectBadInput(await rawQuery(app.url, q, { input: { email: email.replace('@', `${bad}@`), password: 'correct horse battery', name: 'N' } }), ['input', 'email']);
    expectBadInput(await rawQuery(app.url, q, { input: { email, password: 'correct horse battery', name: bad } }), ['input', 'name']);
    const { rowCount } = await app.services.pool.query('select 1 from users where email = $1', [email]);
    expect(rowCount).toBe(0);
  });

  it('in an idempotency key → BAD_USER_INPUT naming it, nothing charged', async () => {
    const q = 'mutation($input: ChargePointsInput!) { chargePoints(input: $input) { userErrors { code field } } }';
    expectBadInput(await rawQuery(app.url, q, { input: { amount: 1_000, idempotencyKey: `k-${randomUUID()}${bad}` } }, customer.token), ['input', 'idempotencyKey']);
    const { rows } = await app.services.pool.query('select count(*)::int as n from wallet_transactions where user_id = $1', [customer.id]);
    expect(rows[0].n).toBe(0);
  });

  it('over graphql-ws → the same typed error on the operation', async () => {
    const client = wsClient(app.url, customer.token);
    try {
      const op = subscribe(client, 'query($c: String) { products(category: $c) { totalCount } }', { c: bad });
      const outcome = await Promise.race([op.failed, op.waitFor(1).then((v) => ({ answered: v }))]);
      expect(outcome).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['c'] }) })]);
    } finally {
      await client.dispose();
    }
  });
});

it('two idempotency keys that differ only in lone surrogates are not the same key', async () => {
  const q = 'mutation($input: ChargePointsInput!) { chargePoints(input: $input) { userErrors { code field } } }';
  const base = `k-${randomUUID()}`;
  const a = await rawQuery(app.url, q, { input: { amount: 1_000, idempotencyKey: `${base}\ud800` } }, customer.token);
  const b = await rawQuery(app.url, q, { input: { amount: 2_000, idempotencyKey: `${base}\ud801` } }, customer.token);
  // Before: both stored as base + U+FFFD, so the second was IDEMPOTENCY_KEY_REUSED. Now both are refused.
  expect(JSON.stringify([a.body, b.body])).not.toMatch(/IDEMPOTENCY_KEY_REUSED|INTERNAL_SERVER_ERROR/);
});

import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ChargePointsDocument, CreateProductDocument, MeDocument } from '../generated/graphql';
import { signUpCustomer } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Attack (issue 12 item 13): the role inside a token was trusted until the token expired: a
 * demoted admin still ran createProduct, a deleted user still charged points and `me` answered
 * INTERNAL_SERVER_ERROR; and a token without `exp` was accepted forever. Admin operations and
 * writes now check the account as it is (cached at most a few seconds), and `exp` is required.
 */
let app: TestApp;
const SECRET = 'dev-only-secret-change-me-0123456789'; // the test app's default (not production)

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api', CURRENT_USER_CACHE_MS: '0' });
});
afterAll(() => app?.stop());

const product = { name: 'Demoted', price: 1_000, stock: 1, category: `c-${randomUUID()}`, description: 'x' };

it('a demoted admin cannot run createProduct with the token issued while admin', async () => {
  const user = await signUpCustomer(app, 'Demoted');
  await app.services.pool.query(`update users set role = 'ADMIN' where id = $1`, [user.id]);
  const token = await app.services.tokens.issue({ id: user.id, role: 'ADMIN' as never });
  expect((await app.gql(CreateProductDocument, { input: product }, token)).errors).toBeUndefined();
  await app.services.pool.query(`update users set role = 'CUSTOMER' where id = $1`, [user.id]);
  const res = await app.gql(CreateProductDocument, { input: product }, token);
  expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

it('a deleted user cannot write, and me answers UNAUTHENTICATED instead of INTERNAL_SERVER_ERROR', async () => {
  const user = await signUpCustomer(app, 'Deleted');
  await app.services.pool.query('delete from users where id = $1', [user.id]);
  const charged = await app.gql(ChargePointsDocument, { input: { amount: 1_000, idempotencyKey: randomUUID() } }, user.token);
  expect(charged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const me = await app.gql(MeDocument, {}, user.token);
  expect(me.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const { rows } = await app.services.pool.query('select count(*)::int as n from wallet_transactions where user_id = $1', [user.id]);
  expect(rows[0].n).toBe(0);
});

it('a correctly signed token without exp is refused', async () => {
  const user = await signUpCustomer(app, 'Forever');
  const forever = await new SignJWT({ role: 'CUSTOMER' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id).setIssuer('stampede').setAudience('stampede-api').setIssuedAt().sign(new TextEncoder().encode(SECRET));
  const me = await app.gql(MeDocument, {}, forever);
  expect(me.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});

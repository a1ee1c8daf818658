import WebSocket from 'ws';
import { SignJWT } from 'jose';
import { signUpCustomer } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Attack (issue 12 item 7): a graphql-ws connection kept the token it was opened with forever:
 * after the JWT expired it still started subscriptions and ran chargePoints. The socket now
 * closes with 4401 when its token expires, and no operation runs on an expired token.
 */
let app: TestApp;
const SECRET = 'dev-only-secret-change-me-0123456789'; // the test app's default (not production)

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
});
afterAll(() => app?.stop());

const shortToken = (userId: string, seconds: number) => new SignJWT({ role: 'CUSTOMER' })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(userId).setIssuer('stampede').setAudience('stampede-api')
  .setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) + seconds).sign(new TextEncoder().encode(SECRET));

it('a socket whose token expires is closed with 4401, and chargePoints does not run after it', async () => {
  const user = await signUpCustomer(app, 'Expiring');
  const token = await shortToken(user.id, 2);
  const ws = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: Array<{ id?: string; type: string; payload?: unknown }> = [];
  ws.on('message', (m) => messages.push(JSON.parse(String(m))));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  const charge = (id: string) => ws.send(JSON.stringify({ id, type: 'subscribe', payload: {
    query: 'mutation($k: String!) { chargePoints(input: { amount: 1000, idempotencyKey: $k }) { userErrors { code } } }', variables: { k: id },
  } }));
  await new Promise((r) => setTimeout(r, 300));
  charge('before-expiry');
  const started = Date.now();
  const code = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 5_000))]);
  expect(code).toBe(4401);
  expect(Date.now() - started).toBeLessThan(3_500);
  const { rows } = await app.services.pool.query('select count(*)::int as n from wallet_transactions where user_id = $1', [user.id]);
  expect(rows[0].n).toBe(1); // the charge made while the token was valid, and nothing after
});

import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app';
import { rawQuery } from './attack-client';

/**
 * Attack (issue 12 item 20): /metrics was public, /readyz returned raw driver text, and 200 junk
 * operation names pushed real operations into operation="other". /metrics needs METRICS_TOKEN
 * (and is off in production without one), /readyz names dependencies without internals, and
 * only operations in schema/operations get their own label.
 */
let app: TestApp;
const token = randomBytes(16).toString('hex');

beforeAll(async () => {
  // Redis on a port nobody listens on: /readyz then has a failure to describe.
  app = await startTestApp({ ROLES: 'api', METRICS_TOKEN: token, REDIS_URL: 'redis://127.0.0.1:1/7' });
});
afterAll(() => app?.stop());

const base = () => app.url.replace(/\/graphql$/, '');

it('/metrics without the token is 401; with it, 200', async () => {
  expect((await fetch(`${base()}/metrics`)).status).toBe(401);
  expect((await fetch(`${base()}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  expect((await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
});

it('/readyz names what is down without driver text', async () => {
  const body = JSON.stringify(await (await fetch(`${base()}/readyz`)).json());
  expect(body).toMatch(/redis/);
  expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|Connection is closed|Stream isn't writeable/);
});

it('junk operation names do not take the labels of real operations', async () => {
  for (let i = 0; i < 210; i++) await rawQuery(app.url, `query Junk${i} { __typename }`);
  await rawQuery(app.url, 'query Products($first: Int) { products(first: $first) { totalCount } }', { first: 1 });
  const metrics = await (await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  expect(metrics).toMatch(/operation="Products"/);
  expect(metrics).not.toMatch(/operation="Junk\d+"/);
}, 30_000);

describe('in production without METRICS_TOKEN', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ ROLES: 'api', NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), ADMIN_PASSWORD: randomBytes(16).toString('hex') });
  });
  afterAll(() => prod?.stop());

  it('/metrics is not served', async () => {
    expect((await fetch(prod.url.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
  });
});

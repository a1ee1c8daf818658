import { startTestApp, type TestApp } from '../support/test-app';
import { subscribe, wsClient } from '../support/ws-client';
import { rawQuery } from './attack-client';

/**
 * Attack (issue 12 item 11): 30 aliases of popularProducts with distinct arguments made one
 * anonymous request cost 0.5–0.7 s of Postgres (each argument set is its own ranking query, and
 * none is cached yet). Ranking fields weigh more in the cost limit, and a request may ask one
 * field for at most QUERY_MAX_DISTINCT_ARGS (5) different argument sets.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
});
afterAll(() => app?.stop());

const fanout = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: popularProducts(days: ${(i % 30) + 1}, limit: ${(i % 20) + 1}) { totalOrders items { rank } }`).join(' ')} }`;

it('30 distinct popularProducts aliases are refused before running, over HTTP and graphql-ws', async () => {
  const res = await rawQuery(app.url, fanout(30));
  expect(res.status).toBe(400);
  expect(res.body.errors?.[0]).toEqual(expect.objectContaining({ message: expect.stringMatching(/distinct argument sets/), extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }));
  const client = wsClient(app.url);
  try {
    const failed = await subscribe(client, fanout(30)).failed;
    expect(JSON.stringify(failed)).toMatch(/distinct argument sets/);
  } finally {
    await client.dispose();
  }
});

it('five distinct argument sets still run', async () => {
  const res = await rawQuery(app.url, fanout(5));
  expect(res.body.errors).toBeUndefined();
  expect(Object.keys(res.body.data!)).toHaveLength(5);
});

import { serverAudits } from 'graphql-http';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
});
afterAll(() => app.stop());

/**
 * Apollo's CSRF prevention refuses a GET (or a POST with a "simple" content type) that carries
 * none of the headers a browser would have to preflight. Real clients (Apollo Client, urql, our
 * codegen client) send `apollo-require-preflight` or a JSON content type.
 */
const fetchLikeAClient: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('apollo-require-preflight', 'true');
  return fetch(input, { ...init, headers });
};

describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  // Plain fetch: every MUST audit is a JSON POST, which CSRF prevention lets through untouched.
  // (With fetchLikeAClient the MAY-level GET audits pass too; the three SHOULD warnings left are
  // Apollo answering 400, not 200, to parse/validation/coercion failures under application/json.)
  const audits = serverAudits({ url: () => app.url });
  const must = audits.filter((a) => a.name.startsWith('MUST'));

  it('has MUST-level audits to run', () => {
    expect(must.length).toBeGreaterThan(10);
  });

  it.each(must.map((a) => [a.id, a.name, a] as const))('%s %s', async (_id, _name, audit) => {
    const result = await audit.fn();
    if (result.status !== 'ok') throw new Error(`${result.status}: ${result.reason}`);
  });

  it('CSRF prevention: a GET without a preflight header is refused, with it answered', async () => {
    const url = `${app.url}?query=${encodeURIComponent('{ __typename }')}`;
    const bare = await fetch(url);
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/CSRF|preflight/i);
    const client = await fetchLikeAClient(url);
    expect(client.status).toBe(200);
    expect(await client.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

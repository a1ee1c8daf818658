import { startTestApp, type TestApp } from '../support/test-app';
import { subscribe, wsClient } from '../support/ws-client';
import { rawQuery } from './attack-client';

/**
 * Attack (issue 12 item 22): a ~100 KB document of 6,000 nested inline fragments made the
 * parser overflow its stack: HTTP 500 (a RangeError), and over graphql-ws the socket closed with
 * "Maximum call stack size exceeded". Either way the answer must be a typed parse error.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
});
afterAll(() => app?.stop());

const nested = (levels: number) => `{ ${'... on Query { '.repeat(levels)}__typename${' }'.repeat(levels)} }`;
const DEEP = nested(6_000);
// As deep as the token limit lets a document go, with the shortest inline fragment: `...{ }`.
const DEEPEST_WITHIN_TOKENS = `{ ${'...{ '.repeat(990)}__typename${' }'.repeat(990)} }`;

describe('nested fragments', () => {
  it('6,000 nested inline fragments over HTTP → 400 GRAPHQL_PARSE_FAILED, not a 500', async () => {
    expect(DEEP.length).toBeGreaterThan(90_000);
    const res = await rawQuery(app.url, DEEP);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('over graphql-ws → an error on that operation, and the socket stays open', async () => {
    const client = wsClient(app.url);
    try {
      const refused = subscribe(client, nested(3_000));
      expect(await refused.failed).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED' }) })]);
      expect(await subscribe(client, '{ __typename }').waitFor(1)).toEqual([{ __typename: 'Query' }]);
    } finally {
      await client.dispose();
    }
  });

  it('the deepest nesting the token limit allows is a typed answer on both transports', async () => {
    const res = await rawQuery(app.url, DEEPEST_WITHIN_TOKENS);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
    const client = wsClient(app.url);
    try {
      const op = subscribe(client, DEEPEST_WITHIN_TOKENS);
      const outcome = await Promise.race([op.failed, op.waitFor(1).then(() => 'answered')]);
      expect(JSON.stringify(outcome)).not.toMatch(/INTERNAL_SERVER_ERROR|call stack/);
      expect(await subscribe(client, '{ __typename }').waitFor(1)).toEqual([{ __typename: 'Query' }]);
    } finally {
      await client.dispose();
    }
  });
});

describe('nested fragments with a raised token limit', () => {
  let loose: TestApp;
  beforeAll(async () => {
    loose = await startTestApp({ ROLES: 'api', QUERY_MAX_TOKENS: '1000000' });
  });
  afterAll(() => loose?.stop());

  it('a stack overflow while parsing over graphql-ws is still a typed parse error on the operation', async () => {
    const client = wsClient(loose.url);
    try {
      const refused = subscribe(client, nested(20_000).slice(0, 100 * 1024 - 200) + ' }');
      const failed = (await refused.failed) as Array<{ extensions?: { code?: string } }>;
      expect(failed[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(await subscribe(client, '{ __typename }').waitFor(1)).toEqual([{ __typename: 'Query' }]);
    } finally {
      await client.dispose();
    }
  });
});

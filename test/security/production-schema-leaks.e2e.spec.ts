import { randomBytes } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { startTestApp, type TestApp } from '../support/test-app';
import { subscribe, wsClient } from '../support/ws-client';
import { rawQuery } from './attack-client';

/**
 * Attack (issue 12 item 12): with NODE_ENV=production, introspection still answered over
 * graphql-ws (HTTP refused it), and validation's "Did you mean …" suggestions named fields
 * over HTTP. Both transports refuse introspection and keep suggestions out.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    // Made here, never written down: production refuses any secret published in the repository.
    ROLES: 'api', NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), ADMIN_PASSWORD: randomBytes(16).toString('hex'),
  });
});
afterAll(() => app?.stop());

const SCHEMA = '{ __schema { types { name } } }';
const TYPO = '{ produts(first: 1) { totalCount } }';

describe('production hides the schema', () => {
  it('introspection over HTTP is refused', async () => {
    const res = await rawQuery(app.url, SCHEMA);
    expect(res.body.data ?? undefined).toBeUndefined();
    expect(res.body.errors?.[0].message).toMatch(/introspection/i);
  });

  it.each([['a short', SCHEMA], ['the full tooling', getIntrospectionQuery()]])('%s introspection query over graphql-ws is refused', async (_what, q) => {
    const client = wsClient(app.url);
    try {
      const op = subscribe(client, q);
      const outcome = await Promise.race([op.failed, op.waitFor(1).then((v) => ({ answered: v }))]);
      expect(JSON.stringify(outcome)).toMatch(/introspection/i);
      expect(outcome).not.toHaveProperty('answered');
    } finally {
      await client.dispose();
    }
  });

  it('a typo over HTTP gets no "Did you mean" naming a field', async () => {
    const res = await rawQuery(app.url, TYPO);
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).not.toMatch(/Did you mean|products/);
  });

  it('nor over graphql-ws', async () => {
    const client = wsClient(app.url);
    try {
      const failed = await subscribe(client, TYPO).failed;
      expect(JSON.stringify(failed)).toMatch(/Cannot query field/);
      expect(JSON.stringify(failed)).not.toMatch(/Did you mean|products/);
    } finally {
      await client.dispose();
    }
  });
});

import { print } from 'graphql';
import WebSocket from 'ws';
import { ProductsDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../support/test-app';

const STOREFRONT = 'http://localhost:3300';

const preflight = (app: TestApp, origin: string) =>
  fetch(app.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  });

const post = (app: TestApp, origin: string, body: string, contentType = 'application/json') =>
  fetch(app.url, { method: 'POST', headers: { origin, 'content-type': contentType }, body });

const productsQuery = JSON.stringify({ query: print(ProductsDocument), variables: { first: 3 } });

/** Opens a graphql-ws socket with `origin` (a browser always sends one); resolves with the HTTP status of a refusal or 101. */
function upgradeStatus(app: TestApp, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws', origin ? { origin } : {});
    ws.once('upgrade', (res) => {
      resolve(res.statusCode ?? 0);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('CORS in development (default CORS_ORIGINS: any localhost / 127.0.0.1 port)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api' });
  });
  afterAll(() => app.stop());

  it('answers a storefront preflight with the origin, the methods and the headers it asked for', async () => {
    const res = await preflight(app, STOREFRONT);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(STOREFRONT);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a query from the storefront gets its data with the origin allowed and x-request-id exposed', async () => {
    const res = await post(app, 'http://127.0.0.1:5173', productsQuery);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(((await res.json()) as { data: unknown }).data).toBeTruthy();
  });

  it('a cached answer carries the asking origin, never the one that filled the cache', async () => {
    for (const origin of ['http://localhost:3300', 'http://localhost:3301', 'https://evil.example']) {
      const res = await post(app, origin, productsQuery);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin === 'https://evil.example' ? null : origin);
      expect(res.headers.get('vary')).toMatch(/origin/i);
    }
  });

  it('another site gets no CORS headers (the browser blocks it)', async () => {
    expect((await preflight(app, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(app, 'http://localhost.evil.example:3300')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('CSRF prevention still refuses a simple (non-preflighted) request', async () => {
    const res = await post(app, STOREFRONT, productsQuery, 'text/plain');
    expect(res.status).toBe(400);
  });

  it('the graphql-ws upgrade checks the same list: local origins and non-browser clients in, others 403', async () => {
    expect(await upgradeStatus(app, STOREFRONT)).toBe(101);
    expect(await upgradeStatus(app)).toBe(101);
    expect(await upgradeStatus(app, 'https://evil.example')).toBe(403);
  });
});

describe('CORS_ORIGINS set: only those origins', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api', CORS_ORIGINS: 'https://shop.example.com, https://*.preview.example.com' });
  });
  afterAll(() => app.stop());

  it('listed origins and wildcard labels are allowed; localhost no longer is', async () => {
    expect((await preflight(app, 'https://shop.example.com')).headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect((await preflight(app, 'https://pr-12.preview.example.com')).headers.get('access-control-allow-origin')).toBe('https://pr-12.preview.example.com');
    expect((await preflight(app, 'https://a.b.preview.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(app, STOREFRONT)).headers.get('access-control-allow-origin')).toBeNull();
    expect(await upgradeStatus(app, STOREFRONT)).toBe(403);
    expect(await upgradeStatus(app, 'https://shop.example.com')).toBe(101);
  });

  it('the server\'s own pages (the landing page) may always open graphql-ws', async () => {
    const own = new URL(app.url).origin;
    expect(await upgradeStatus(app, own)).toBe(101);
    expect(await upgradeStatus(app, own.replace(/:\d+$/, ':1'))).toBe(403);
  });
});

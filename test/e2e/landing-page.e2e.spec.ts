import { startTestApp, type TestApp } from '../support/test-app';

const base = (app: TestApp) => app.url.replace(/\/graphql$/, '');
const html = (url: string) => fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });

describe('landing page: GraphiQL served by the API (default outside production)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api' });
  });
  afterAll(() => app.stop());

  it('GET / points to /graphql, which a browser gets as GraphiQL whose every file is local', async () => {
    const root = await html(`${base(app)}/`);
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');

    const page = await html(app.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const body = await page.text();
    const sources = [...body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const src of sources) {
      expect(src).toMatch(/^\/graphiql\//);
      const asset = await fetch(`${base(app)}${src}`);
      expect({ src, status: asset.status }).toEqual({ src, status: 200 });
      expect((await asset.text()).length).toBeGreaterThan(100);
    }
    expect(body).not.toMatch(/https?:\/\//);
  });

  it('GraphQL over GET and POST still reaches Apollo; unknown assets are 404', async () => {
    const get = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${base(app)}/graphiql/package.json`)).status).toBe(404);
  });
});

describe('LANDING_PAGE=sandbox keeps Apollo Sandbox; off serves none', () => {
  it('sandbox: Apollo embeds its Sandbox from its CDN', async () => {
    const app = await startTestApp({ ROLES: 'api', LANDING_PAGE: 'sandbox' });
    try {
      const body = await (await html(app.url)).text();
      expect(body).toMatch(/apollo/i);
      expect(body).toMatch(/https:\/\//);
    } finally {
      await app.stop();
    }
  });

  it('off: no page and no redirect', async () => {
    const app = await startTestApp({ ROLES: 'api', LANDING_PAGE: 'off' });
    try {
      expect((await html(`${base(app)}/`)).status).toBe(404);
      expect(await (await html(app.url)).text()).not.toMatch(/<html/i);
    } finally {
      await app.stop();
    }
  });
});

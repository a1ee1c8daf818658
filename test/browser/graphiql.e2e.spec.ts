import { startTestApp, type TestApp } from '../support/test-app';
import { signUpCustomer } from '../support/actors';
import { openBrowser, type BrowserSession } from './browser';

/** GraphiQL keeps the editors in localStorage: seeding them is how a test "types" a query. */
async function runInGraphiQL(session: BrowserSession, url: string, query: string, headers = '{}'): Promise<string> {
  const { page } = session;
  await page.goto('about:blank');
  await page.context().clearCookies();
  await page.goto(`${url}/graphiql/start.js`); // same origin, so localStorage is the page's
  await page.evaluate(([q, h]) => {
    // Runs in the page (the test's tsconfig has no DOM lib).
    const storage = (globalThis as unknown as { localStorage: { clear(): void; setItem(k: string, v: string): void } }).localStorage;
    storage.clear();
    storage.setItem('graphiql:query', q);
    storage.setItem('graphiql:headers', h);
  }, [query, headers]);
  await page.goto(url);
  await page.locator('.graphiql-execute-button').click();
  const result = page.locator('.result-window');
  await result.filter({ hasText: /"(data|errors)"/ }).waitFor({ timeout: 15_000 });
  return (await result.textContent()) ?? '';
}

describe('GraphiQL landing page in headless Chromium with no internet', () => {
  let app: TestApp;
  let session: BrowserSession;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api,relay' });
    session = await openBrowser('graphiql');
  });
  afterAll(async () => {
    await session?.close();
    await app?.stop();
  });

  it('renders, runs a query over HTTP and a subscription over graphql-ws with the Authorization header, and asks for nothing outside', async () => {
    const root = app.url.replace(/\/graphql$/, '');
    await session.page.goto(`${root}/`); // GET / redirects to it
    await session.page.locator('.graphiql-container').waitFor({ timeout: 15_000 });
    expect(session.page.url()).toBe(app.url);
    await session.shot('rendered');

    const query = await runInGraphiQL(session, app.url, '{ products(first: 2) { totalCount } }');
    expect(query).toMatch(/"totalCount"/);
    await session.shot('query');

    // A stranger's order: FORBIDDEN (not UNAUTHENTICATED) proves the header reached connection_init.
    const shopper = await signUpCustomer(app);
    const subscription = await runInGraphiQL(
      session, app.url, 'subscription { orderStatusChanged(orderId: "0190a6f0-0000-7000-8000-000000000000") { status } }',
      JSON.stringify({ Authorization: `Bearer ${shopper.token}` }),
    );
    expect(subscription).toMatch(/FORBIDDEN/);
    await session.shot('subscription');

    expect(session.foreign).toEqual([]);
  });
});

describe('the no-internet guard itself', () => {
  it('catches a page that loads from outside: Apollo Sandbox (LANDING_PAGE=sandbox) asks its CDN', async () => {
    const app = await startTestApp({ ROLES: 'api', LANDING_PAGE: 'sandbox' });
    const session = await openBrowser('sandbox');
    try {
      await session.page.goto(app.url);
      await session.page.waitForTimeout(500);
      expect(session.foreign.length).toBeGreaterThan(0);
      expect(session.foreign.some((url) => /apollo/.test(url))).toBe(true);
    } finally {
      await session.close();
      await app.stop();
    }
  });
});

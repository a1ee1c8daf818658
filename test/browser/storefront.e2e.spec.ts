import { ProductDocument, PayOrderDocument, createStampedeClient } from '@stampede/client';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct } from '../support/actors';
import { openCampaign } from '../support/coupon-storm';
import { openBrowser, type BrowserSession } from './browser';
import { serveDirectory } from './static-server';
import { buildStorefrontIfStale, WEB_DIST } from './storefront-build';

describe('storefront (web/) in headless Chromium, on its own origin, against a real stampede', () => {
  let app: TestApp;
  let web: { url: string; close(): Promise<void> };
  let session: BrowserSession;
  let product: { id: string; name: string };

  beforeAll(async () => {
    buildStorefrontIfStale();
    app = await startTestApp();
    const admin = await adminToken(app);
    product = await createProduct(app, admin, { name: `Browser Tee ${Date.now()}`, price: 10_000, stock: 5, category: 'browser-test' });
    await eventually(() => app.ok(ProductDocument, { id: product.id }).then((d) => d.product ?? undefined), 10_000, 'product projected');
    await openCampaign(app.url, admin, { name: 'Browser 2,000 off', discountType: 'FIXED', discountValue: 2_000, totalQuantity: 10 });
    web = await serveDirectory(WEB_DIST);
    session = await openBrowser('storefront');
  });
  afterAll(async () => {
    await session?.close();
    await web?.close();
    await app?.stop();
  });

  it('sign up → charge 50,000 → claim a coupon → buy with it → the order turns PAID live → the wallet is right', async () => {
    const { page, shot } = session;
    let loads = 0;
    page.on('load', () => (loads += 1));
    await page.goto(`${web.url}/?api=${encodeURIComponent(app.url)}#/account`);

    await page.fill('input[name=email]', `browser-${Date.now()}@example.test`);
    await page.fill('input[name=password]', 'correct horse battery');
    await page.fill('input[name=name]', 'Browser Shopper');
    await page.click('#sign-up');
    await page.locator('#account-message', { hasText: 'Signed in' }).waitFor();
    await shot('signed-up');

    await page.goto(`${web.url}/#/wallet`);
    await page.click('#charge');
    await page.locator('#balance', { hasText: '₩50,000' }).waitFor();
    await shot('charged');

    await page.goto(`${web.url}/#/coupons`);
    await page.locator('[data-campaign]', { hasText: 'Browser 2,000 off' }).getByRole('button', { name: 'Claim' }).click();
    await page.locator('#coupon-message', { hasText: 'Coupon claimed' }).waitFor();
    await shot('coupon-claimed');

    await page.goto(`${web.url}/#/`);
    await page.selectOption('select[name=category]', 'browser-test');
    await page.locator(`[data-product="${product.id}"]`).getByRole('button', { name: 'Add to cart' }).click();
    await page.goto(`${web.url}/#/cart`);
    await page.selectOption('select[name=coupon]', { label: 'Browser 2,000 off' });
    await shot('cart');
    await page.click('#place-order');
    const row = page.locator('#orders tr[data-order]').first();
    await row.locator('.status', { hasText: 'PENDING' }).waitFor();
    await shot('order-pending');

    // Paid from elsewhere (another device, same account): only the subscription can tell this page.
    const loadsBefore = loads;
    const orderId = (await row.getAttribute('data-order'))!;
    const token = (await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('stampede:token')))!;
    const paid = await createStampedeClient({ url: app.url, token }).request(PayOrderDocument, { input: { orderId, idempotencyKey: `pay-${orderId}` } });
    expect(paid.kind).toBe('data');
    await row.locator('.status', { hasText: 'PAID' }).waitFor({ timeout: 10_000 });
    expect(loads).toBe(loadsBefore);
    await shot('order-paid-live');

    await page.goto(`${web.url}/#/wallet`);
    await page.locator('#balance', { hasText: '₩42,000' }).waitFor();
    await shot('wallet-after');

    expect(session.foreign).toEqual([]);
  });
});

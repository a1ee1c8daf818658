import {
  CreateEventDocument, CreateGateDocument, CreatePerformanceDocument, EnterQueueDocument, HoldSeatsDocument, PayReservationDocument,
} from '@stampede/client';
import { adminToken, signUpCustomer } from '../support/actors';
import { charge, key, NO_RATE_LIMITS } from '../support/shopper';
import { startTestApp, type TestApp } from '../support/test-app';
import { openBrowser, type BrowserSession } from './browser';
import { buildStorefrontIfStale, WEB_DIST } from './storefront-build';
import { serveDirectory } from './static-server';

describe('storefront tickets: the waiting room and the seat map, live, in headless Chromium', () => {
  let app: TestApp;
  let web: { url: string; close(): Promise<void> };
  let session: BrowserSession;
  let performanceId: string;
  let gateId: string;

  beforeAll(async () => {
    buildStorefrontIfStale();
    app = await startTestApp(NO_RATE_LIMITS);
    const admin = await adminToken(app);
    const { createEvent } = await app.ok(CreateEventDocument, { input: { name: 'Browser Live', venue: 'Hall B', category: 'concert', description: '' } }, admin);
    const { createPerformance } = await app.ok(CreatePerformanceDocument, {
      input: {
        eventId: createEvent.event!.id, startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), salesOpenAt: new Date(Date.now() - 1_000).toISOString(),
        grades: [{ name: 'R', price: 50_000, seats: 20 }], maxSeatsPerUser: 4, holdSeconds: 300,
      },
    }, admin);
    performanceId = createPerformance.performance!.id;
    gateId = (await app.ok(CreateGateDocument, { input: { performanceId, maxActive: 1, admitPerMinute: 600 } }, admin)).createGate.gate!.id;
    web = await serveDirectory(WEB_DIST);
    session = await openBrowser('tickets');
  });
  afterAll(async () => {
    await session?.close();
    await web?.close();
    await app?.stop();
  });

  it('waiting at position 1 → seats someone else holds turn HELD live → their payment admits me live → I hold and pay seat 9', async () => {
    const { page, shot } = session;
    // Ana is admitted first: the gate has one slot.
    const ana = await signUpCustomer(app, 'Ana');
    await charge(app, ana.token, 200_000);
    const anaTicket = (await app.ok(EnterQueueDocument, { gateId }, ana.token)).enterQueue.ticket!;
    expect(anaTicket.status).toBe('ACTIVE');

    // The browser's shopper signs up and charges through the storefront's API (as the storefront test does by hand).
    const me = await signUpCustomer(app, 'Browser');
    await charge(app, me.token, 200_000);
    await page.goto(`${web.url}/?api=${encodeURIComponent(app.url)}#/events`);
    await page.evaluate((token) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('stampede:token', token), me.token);
    await page.goto(`${web.url}/#/performance/${performanceId}`);
    await page.click('#enter-queue');
    await page.locator('#queue', { hasText: 'Position 1' }).waitFor();
    await shot('waiting');

    const held = (await app.ok(HoldSeatsDocument, { input: { performanceId, seatNumbers: [7, 8], queueToken: anaTicket.token!, idempotencyKey: key() } }, ana.token)).holdSeats;
    expect(held.userErrors).toEqual([]);
    await page.locator('[data-seat="7"][data-status="HELD"]').waitFor();
    await page.locator('[data-seat="8"][data-status="HELD"]').waitFor();
    await shot('seats-held-live');

    await app.ok(PayReservationDocument, { input: { reservationId: held.reservation!.id, idempotencyKey: key() } }, ana.token);
    await page.locator('#queue', { hasText: 'Your turn' }).waitFor();
    await page.locator('[data-seat="7"][data-status="SOLD"]').waitFor();
    await shot('admitted-live');

    await page.click('[data-seat="9"]');
    await page.click('#hold');
    await page.locator('#ticket-message', { hasText: 'Held seats 9' }).waitFor();
    await page.click('#pay-reservation');
    await page.locator('#ticket-message', { hasText: 'Reservation PAID' }).waitFor();
    await page.locator('[data-seat="9"][data-status="SOLD"]').waitFor();
    await shot('paid');
    expect(session.foreign).toEqual([]);
  });
});

import {
  AcceptDeliveryOrderDocument, CancelDeliveryOrderDocument, DeliveryOrderDocument, FinishCookingDocument, MerchantOrdersDocument,
  RegisterStoreDocument, StartCookingDocument, StoreDocument, StoresDocument, UpdateMenuItemDocument, RejectDeliveryOrderDocument,
  DeliveryOrderStatusChangedDocument, ChangeDeliveryOrderDocument,
} from '../generated/graphql';
import { subscribe, wsClient } from '../support/ws-client';
import { NO_RATE_LIMITS } from '../support/shopper';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { ALWAYS_OPEN, CITY_HALL, orderInput, placeOrder, signUpAs, storeWithMenu } from '../support/delivery-actors';
import { startMockPaymentGateway, type MockPaymentGateway } from '../../scripts/mock-payment-gateway';

/**
 * Delivery part 1 through the whole app (every role in one process; real Postgres, Redis, NATS;
 * the stand-in gateway over HTTP): a merchant opens a store with a menu, a customer finds it
 * nearby and orders two items paid by card, the merchant accepts, cooks (capture) and finishes;
 * a cancel before cooking voids; bad input and other people's orders change nothing.
 */
jest.setTimeout(60_000);

describe('delivery: store, menu, card order, kitchen', () => {
  let app: TestApp;
  let gateway: MockPaymentGateway;
  beforeAll(async () => {
    gateway = await startMockPaymentGateway(0);
    process.env.PAYMENT_GATEWAY_URL = gateway.url;
    app = await startTestApp({ ...NO_RATE_LIMITS });
  });
  afterAll(async () => {
    await app?.stop();
    await gateway?.stop();
    delete process.env.PAYMENT_GATEWAY_URL;
  });

  it('the walk: find the store, order two items by card, accepted, cooked (captured), ready', async () => {
    const merchant = await signUpAs(app, 'MERCHANT');
    const customer = await signUpAs(app, 'CUSTOMER');
    const { store, kimbap, ramyeon } = await storeWithMenu(app, merchant.token);

    // The read side: projected, then served (Redis, else the read tables).
    const found = await eventually(async () => {
      const { stores } = await app.ok(StoresDocument, { near: CITY_HALL, radiusKm: 2, first: 5 });
      const mine = stores.edges.find((e) => e.node.id === store.id);
      return mine && mine.node.menu.length === 2 ? mine.node : undefined;
    }, 10_000, 'the store in stores(near:)');
    expect(found).toMatchObject({ isOpen: true, name: 'Kimbap Heaven', distanceKm: expect.any(Number) });
    expect(found.distanceKm!).toBeLessThan(0.01);

    const placed = await placeOrder(app, customer.token, orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 2 }, { menuItemId: ramyeon.id, quantity: 1 }]));
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({ status: 'PAID', total: 14_000, payment: { status: 'AUTHORIZED' } });
    const orderId = placed.order!.id;
    // The customer watches live (the current status first, then each change), as does the merchant; a stranger may not.
    const ws = wsClient(app.url, customer.token);
    const live = subscribe(ws, DeliveryOrderStatusChangedDocument, { orderId });
    await live.waitFor(1);
    const strangerWs = wsClient(app.url, (await signUpAs(app, 'CUSTOMER')).token);
    const stranger = subscribe(strangerWs, DeliveryOrderStatusChangedDocument, { orderId });
    expect(JSON.stringify(await stranger.failed)).toContain('FORBIDDEN');

    const queue = await eventually(async () => {
      const { merchantOrders } = await app.ok(MerchantOrdersDocument, { storeId: store.id, status: 'PAID' }, merchant.token);
      return merchantOrders.totalCount === 1 ? merchantOrders : undefined;
    }, 10_000, 'the order in the merchant queue');
    expect(queue.edges[0].node).toMatchObject({ id: orderId, total: 14_000 });

    const accepted = (await app.ok(AcceptDeliveryOrderDocument, { input: { orderId, estimatedMinutes: 15 } }, merchant.token)).acceptDeliveryOrder;
    expect(accepted.order).toMatchObject({ status: 'ACCEPTED', estimatedReadyAt: expect.any(String) });
    expect((await app.ok(StartCookingDocument, { input: { orderId } }, merchant.token)).startCooking.order?.status).toBe('COOKING');
    // Too late to cancel.
    const late = (await app.ok(CancelDeliveryOrderDocument, { input: { orderId } }, customer.token)).cancelDeliveryOrder;
    expect(late.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_ALREADY_COOKING', field: ['input', 'orderId'] })]);
    expect((await app.ok(FinishCookingDocument, { input: { orderId } }, merchant.token)).finishCooking.order?.status).toBe('READY_FOR_PICKUP');

    // The capture is the saga's, after commit.
    const captured = await eventually(async () => {
      const { deliveryOrder } = await app.ok(DeliveryOrderDocument, { id: orderId }, customer.token);
      return deliveryOrder?.payment.status === 'CAPTURED' ? deliveryOrder : undefined;
    }, 10_000, 'the capture');
    expect(captured.history.map((h) => h.status)).toEqual(['AWAITING_PAYMENT', 'PAID', 'ACCEPTED', 'COOKING', 'READY_FOR_PICKUP']);
    expect(gateway.stats()).toMatchObject({ captures: 1, voids: 0 });
    const seen = await live.waitFor(4);
    expect(seen.map((v) => v.deliveryOrderStatusChanged.status)).toEqual(['PAID', 'ACCEPTED', 'COOKING', 'READY_FOR_PICKUP']);
    expect(seen.map((v) => v.deliveryOrderStatusChanged.previousStatus)).toEqual(['AWAITING_PAYMENT', 'PAID', 'ACCEPTED', 'COOKING']);
    live.stop();
    // /metrics: the breaker's state and the gateway calls by outcome.
    const metrics = await (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/^payment_gateway_breaker_state 0$/m);
    expect(metrics).toMatch(/^payment_gateway_calls_total\{operation="authorize",outcome="ok"\} \d+/m);
    expect(metrics).toMatch(/^payment_gateway_calls_total\{operation="capture",outcome="ok"\} \d+/m);
    await ws.dispose();
    await strangerWs.dispose();
  });

  it('a change re-authorizes the new total and voids the old; a cancel before cooking voids; a declined card is PAYMENT_FAILED with CARD_DECLINED', async () => {
    const merchant = await signUpAs(app, 'MERCHANT');
    const customer = await signUpAs(app, 'CUSTOMER');
    const { store, kimbap, ramyeon } = await storeWithMenu(app, merchant.token);
    const before = gateway.stats().voids;

    const placed = await placeOrder(app, customer.token, orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 1 }]));
    const changed = (await app.ok(ChangeDeliveryOrderDocument, { input: { orderId: placed.order!.id, items: [{ menuItemId: kimbap.id, quantity: 1 }, { menuItemId: ramyeon.id, quantity: 2 }] } }, customer.token)).changeDeliveryOrder;
    expect(changed.userErrors).toEqual([]);
    expect(changed.order).toMatchObject({ status: 'PAID', total: 14_500, payment: { status: 'AUTHORIZED' } });
    await eventually(async () => gateway.stats().voids === before + 1, 10_000, 'the void of the replaced authorization');
    const cancelled = (await app.ok(CancelDeliveryOrderDocument, { input: { orderId: placed.order!.id } }, customer.token)).cancelDeliveryOrder;
    expect(cancelled.order?.status).toBe('CANCELLED');
    await eventually(async () => gateway.stats().voids === before + 2, 10_000, 'the void');
    expect(gateway.authorizations().filter((a) => a.reference === placed.order!.id).map((a) => [a.amount, a.status])).toEqual([[4_500, 'VOIDED'], [14_500, 'VOIDED']]);

    const declined = await placeOrder(app, customer.token, orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 1 }], { cardToken: 'tok_declined' }));
    expect(declined.order).toMatchObject({ status: 'PAYMENT_FAILED', payment: { status: 'DECLINED', declineReason: 'card_declined' } });
    expect(declined.userErrors).toEqual([expect.objectContaining({ code: 'CARD_DECLINED' })]);
  });

  it('deliveryOrderStatusChanged reaches a subscriber on another API instance', async () => {
    const other = await startTestApp({ ...NO_RATE_LIMITS, ROLES: 'api' });
    try {
      const merchant = await signUpAs(app, 'MERCHANT');
      const customer = await signUpAs(app, 'CUSTOMER');
      const { store, kimbap } = await storeWithMenu(app, merchant.token);
      const placed = await placeOrder(app, customer.token, orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 1 }]));
      const ws = wsClient(other.url, merchant.token);
      const live = subscribe(ws, DeliveryOrderStatusChangedDocument, { orderId: placed.order!.id });
      expect((await live.waitFor(1))[0].deliveryOrderStatusChanged.status).toBe('PAID');
      await app.ok(AcceptDeliveryOrderDocument, { input: { orderId: placed.order!.id, estimatedMinutes: 10 } }, merchant.token);
      expect((await live.waitFor(2))[1].deliveryOrderStatusChanged).toMatchObject({ status: 'ACCEPTED', previousStatus: 'PAID' });
      live.stop();
      await ws.dispose();
    } finally {
      await other.stop();
    }
  });

  it('refusals: 11 items, an item of another store, an unavailable item, out of area, another merchant, a stale edit — typed, nothing written', async () => {
    const merchant = await signUpAs(app, 'MERCHANT');
    const other = await signUpAs(app, 'MERCHANT');
    const customer = await signUpAs(app, 'CUSTOMER');
    const { store, kimbap, add } = await storeWithMenu(app, merchant.token);
    const elsewhere = await storeWithMenu(app, other.token);
    const soldOut = await add('Sold out soup', 7_000, false);
    const authorizationsBefore = gateway.stats().authorizeRequests;

    const refused = async (input: ReturnType<typeof orderInput>) => (await placeOrder(app, customer.token, input)).userErrors;
    expect(await refused(orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 10 }, { menuItemId: soldOut.id, quantity: 1 }])))
      .toEqual([expect.objectContaining({ code: 'TOO_MANY_ITEMS', field: ['input', 'items'] })]);
    expect(await refused(orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 1 }, { menuItemId: elsewhere.kimbap.id, quantity: 1 }])))
      .toEqual([expect.objectContaining({ code: 'MULTIPLE_STORES', field: ['input', 'items', '1', 'menuItemId'] })]);
    expect(await refused(orderInput(store.id, [{ menuItemId: soldOut.id, quantity: 1 }])))
      .toEqual([expect.objectContaining({ code: 'MENU_ITEM_UNAVAILABLE' })]);
    expect(await refused(orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 1 }], { deliveryLocation: { lat: 37.4, lng: 127.1 } })))
      .toEqual([expect.objectContaining({ code: 'OUT_OF_DELIVERY_AREA', field: ['input', 'deliveryLocation'] })]);
    expect(await refused(orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 0 }], { cardToken: '4111111111111111', deliveryAddress: '' })))
      .toEqual(expect.arrayContaining([
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'items', '0', 'quantity'] }),
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'cardToken'] }),
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'deliveryAddress'] }),
      ]));
    expect(gateway.stats().authorizeRequests).toBe(authorizationsBefore);

    // Another merchant's order and store.
    const placed = await placeOrder(app, customer.token, orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 1 }]));
    const foreign = (await app.ok(AcceptDeliveryOrderDocument, { input: { orderId: placed.order!.id, estimatedMinutes: 10 } }, other.token)).acceptDeliveryOrder;
    expect(foreign.userErrors).toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'orderId'] })]);
    const notMine = (await app.ok(RejectDeliveryOrderDocument, { input: { orderId: placed.order!.id, reason: 'no' } }, other.token)).rejectDeliveryOrder;
    expect(notMine.userErrors[0]?.code).toBe('FORBIDDEN');
    const { deliveryOrder } = await app.ok(DeliveryOrderDocument, { id: placed.order!.id }, customer.token);
    expect(deliveryOrder).toMatchObject({ status: 'PAID', version: placed.order!.version });
    expect((await app.ok(DeliveryOrderDocument, { id: placed.order!.id }, other.token)).deliveryOrder).toBeNull();

    // An illegal move names the current status.
    const early = (await app.ok(StartCookingDocument, { input: { orderId: placed.order!.id } }, merchant.token)).startCooking;
    expect(early.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_STATE_CONFLICT', message: expect.stringContaining('PAID') })]);

    // Menu edits: only the owner, and version-guarded.
    const edit = { id: kimbap.id, expectedVersion: 1, price: 5_000 };
    expect((await app.ok(UpdateMenuItemDocument, { input: edit }, other.token)).updateMenuItem.userErrors[0]?.code).toBe('FORBIDDEN');
    expect((await app.ok(UpdateMenuItemDocument, { input: edit }, merchant.token)).updateMenuItem.menuItem).toMatchObject({ price: 5_000, version: 2 });
    expect((await app.ok(UpdateMenuItemDocument, { input: edit }, merchant.token)).updateMenuItem.userErrors)
      .toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'expectedVersion'] })]);
    await eventually(async () => (await app.ok(StoreDocument, { id: store.id })).store?.menu.find((m) => m.id === kimbap.id)?.price === 5_000, 10_000, 'the edit in store(id)');

    // A customer cannot open a store; bad store input is typed.
    const asCustomer = await app.gql(RegisterStoreDocument, { input: { name: 'x', address: 'y', location: CITY_HALL, deliveryRadiusKm: 1, openingHours: ALWAYS_OPEN } }, customer.token);
    expect(asCustomer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = (await app.ok(RegisterStoreDocument, { input: { name: ' ', address: 'y', location: { lat: 91, lng: 0 }, deliveryRadiusKm: 500, openingHours: [{ dayOfWeek: 7, opensAt: '25:00', closesAt: '10:00' }] } }, merchant.token)).registerStore;
    expect(bad.userErrors.map((e) => e.field?.join('.')).sort()).toEqual(
      ['input.deliveryRadiusKm', 'input.location.lat', 'input.name', 'input.openingHours.0.dayOfWeek', 'input.openingHours.0.opensAt'],
    );
  });
});

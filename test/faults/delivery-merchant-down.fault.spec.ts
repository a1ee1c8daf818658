import { MerchantOrdersDocument } from '../generated/graphql';
import { NO_RATE_LIMITS } from '../support/shopper';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { orderInput, placeOrder, signUpAs, storeWithMenu } from '../support/delivery-actors';
import { startMockPaymentGateway, type MockPaymentGateway } from '../../scripts/mock-payment-gateway';

/**
 * Orders are taken 24/7: with the merchant side (the projector role: the merchant queue is a
 * read model) stopped, 100 orders are still placed and paid; when it comes back, every one of
 * them is in merchantOrders exactly once. The merchant side is stopped and started as a role of
 * in-process apps on the real Postgres, NATS and Redis (no processes spawned: what is proven is
 * that placing depends on no consumer).
 */
jest.setTimeout(90_000);

describe('merchant side down while orders come in', () => {
  let front: TestApp;
  let gateway: MockPaymentGateway;
  const merchantSide: TestApp[] = [];
  beforeAll(async () => {
    gateway = await startMockPaymentGateway(0);
    process.env.PAYMENT_GATEWAY_URL = gateway.url;
    front = await startTestApp({ ...NO_RATE_LIMITS, ROLES: 'api,relay,worker' });
  });
  afterAll(async () => {
    for (const app of merchantSide) await app.stop();
    await front?.stop();
    await gateway?.stop();
    delete process.env.PAYMENT_GATEWAY_URL;
  });

  it('100 orders succeed with no merchant-side consumer; back, 100 rows in the queue, none twice, also after a restart', async () => {
    const merchant = await signUpAs(front, 'MERCHANT');
    const customer = await signUpAs(front, 'CUSTOMER');
    const { store, kimbap } = await storeWithMenu(front, merchant.token);
    const placed = await Promise.all(Array.from({ length: 100 }, () => placeOrder(front, customer.token, orderInput(store.id, [{ menuItemId: kimbap.id, quantity: 1 }]))));
    expect(placed.filter((p) => p.order?.status === 'PAID')).toHaveLength(100);
    const queueRows = async () => (await front.services.pool.query<{ n: number }>('select count(*)::int as n from merchant_order_read where store_id = $1', [store.id])).rows[0].n;
    await new Promise((r) => setTimeout(r, 500));
    expect(await queueRows()).toBe(0);

    merchantSide.push(await startTestApp({ ROLES: 'projector' }));
    const ids = async () => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const { merchantOrders }: { merchantOrders: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } } =
          await front.ok(MerchantOrdersDocument, { storeId: store.id, first: 30, after }, merchant.token);
        seen.push(...merchantOrders.edges.map((e) => e.node.id));
        after = merchantOrders.pageInfo.hasNextPage ? merchantOrders.pageInfo.endCursor ?? null : null;
      } while (after);
      return seen;
    };
    const all = await eventually(async () => ((await ids()).length === 100 ? ids() : undefined), 30_000, '100 orders in the merchant queue');
    expect(new Set(all)).toEqual(new Set(placed.map((p) => p.order!.id)));

    // A second merchant-side start (redeliveries, a replay from where the consumer was) adds nothing.
    await merchantSide.pop()!.stop();
    merchantSide.push(await startTestApp({ ROLES: 'projector' }));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await queueRows()).toBe(100);
    expect((await ids()).length).toBe(100);
  });
});

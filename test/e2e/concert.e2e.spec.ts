import {
  CreateEventDocument, CreateGateDocument, CreatePerformanceDocument, EnterQueueDocument, HoldSeatsDocument, MyReservationsDocument,
  PayReservationDocument, PerformanceDocument, QueueTicketChangedDocument, ReservationStatusChangedDocument, SeatsChangedDocument,
  WalletBalanceDocument, CheckoutDocument, GateDocument,
} from '../generated/graphql';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { charge, key, NO_RATE_LIMITS } from '../support/shopper';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { subscribe, wsClient } from '../support/ws-client';
import { startMockDataPlatform, type MockDataPlatform } from '../../scripts/mock-data-platform';

/**
 * The concert path of issue 9 through the whole app (every role in one process, real Postgres,
 * Redis and NATS): a gate of one slot, shopper A admitted, B waiting; A holds seats 7 and 8 and
 * pays from the wallet; the slot passes to B at once; B racing for seat 7 gets SEAT_UNAVAILABLE;
 * the seat map, the reservation status and the queue ticket stay live over graphql-ws; the paid
 * reservation reaches the data platform once.
 */
jest.setTimeout(60_000);

describe('a concert behind a waiting room', () => {
  let app: TestApp;
  let admin: string;
  let platform: MockDataPlatform;
  beforeAll(async () => {
    platform = await startMockDataPlatform(0);
    app = await startTestApp({ ...NO_RATE_LIMITS, DATA_PLATFORM_URL: platform.url });
    admin = await adminToken(app);
  });
  afterAll(async () => {
    await app?.stop();
    await platform?.stop();
  });

  async function concert(): Promise<{ performanceId: string; gateId: string }> {
    const { createEvent } = await app.ok(CreateEventDocument, { input: { name: 'Opening night', venue: 'Olympic Hall', category: 'concert', description: '' } }, admin);
    const { createPerformance } = await app.ok(CreatePerformanceDocument, {
      input: {
        eventId: createEvent.event!.id, startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), salesOpenAt: new Date(Date.now() - 1_000).toISOString(),
        grades: [{ name: 'R', price: 80_000, seats: 50 }], maxSeatsPerUser: 4, holdSeconds: 300,
      },
    }, admin);
    const performanceId = createPerformance.performance!.id;
    const { createGate } = await app.ok(CreateGateDocument, { input: { performanceId, maxActive: 1, admitPerMinute: 600 } }, admin);
    expect(createGate.userErrors).toEqual([]);
    return { performanceId, gateId: createGate.gate!.id };
  }

  it('admitted, holds 7 and 8, pays; the next shopper is admitted at once and loses the race for seat 7', async () => {
    const { performanceId, gateId } = await concert();
    const [a, b] = [await signUpCustomer(app, 'Ana'), await signUpCustomer(app, 'Ben')];
    await charge(app, a.token, 200_000);
    await charge(app, b.token, 200_000);

    const aTicket = (await app.ok(EnterQueueDocument, { gateId }, a.token)).enterQueue.ticket!;
    expect(aTicket.status).toBe('ACTIVE'); // a quiet gate admits at once
    const bTicket = (await app.ok(EnterQueueDocument, { gateId }, b.token)).enterQueue.ticket!;
    expect(bTicket).toMatchObject({ status: 'WAITING', position: 1 });

    const ws = wsClient(app.url, b.token);
    const seatMap = subscribe(ws, SeatsChangedDocument, { performanceId });
    const bQueue = subscribe(ws, QueueTicketChangedDocument, { token: bTicket.token });
    await bQueue.waitFor(1); // the ticket as it is now: both subscriptions are live
    expect(bQueue.values[0].queueTicketChanged.status).toBe('WAITING');

    const hold = (token: string, seatNumbers: number[], queueToken?: string) =>
      app.ok(HoldSeatsDocument, { input: { performanceId, seatNumbers, queueToken, idempotencyKey: key() } }, token).then((r) => r.holdSeats);
    expect((await hold(b.token, [7])).userErrors.map((e) => e.code)).toEqual(['QUEUE_TOKEN_REQUIRED']);
    expect((await hold(b.token, [7], bTicket.token)).userErrors.map((e) => e.code)).toEqual(['QUEUE_TOKEN_NOT_ACTIVE']);
    expect((await hold(b.token, [7], aTicket.token)).userErrors.map((e) => e.code)).toEqual(['QUEUE_TOKEN_NOT_ACTIVE']); // someone else's

    const held = await hold(a.token, [7, 8], aTicket.token);
    expect(held.userErrors).toEqual([]);
    const reservation = held.reservation!;
    expect(reservation).toMatchObject({ status: 'HELD', total: 160_000, seats: [{ number: 7 }, { number: 8 }] });
    const holdLeft = new Date(reservation.expiresAt).getTime() - Date.now();
    expect(holdLeft).toBeGreaterThan(290_000);
    expect(holdLeft).toBeLessThanOrEqual(300_000);

    const aWs = wsClient(app.url, a.token);
    const status = subscribe(aWs, ReservationStatusChangedDocument, { reservationId: reservation.id });
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered before the payment
    const paid = (await app.ok(PayReservationDocument, { input: { reservationId: reservation.id, idempotencyKey: key() } }, a.token)).payReservation;
    expect(paid.userErrors).toEqual([]);
    expect(paid.reservation!.status).toBe('PAID');
    expect(paid.payment!.amount).toBe(160_000);
    expect((await app.ok(WalletBalanceDocument, {}, a.token)).wallet?.balance).toBe(40_000);

    // Paying freed A's slot: B is ACTIVE within a second or two (the admitter's pace), pushed live.
    const admitted = await eventually(async () => bQueue.values.find((v) => v.queueTicketChanged.status === 'ACTIVE'), 5_000, 'B admitted');
    expect(admitted.queueTicketChanged.position).toBeNull();

    const lost = await hold(b.token, [7], bTicket.token);
    expect(lost.userErrors).toEqual([expect.objectContaining({ code: 'SEAT_UNAVAILABLE' })]);
    expect(lost.reservation).toBeNull();
    const bHold = await hold(b.token, [9], bTicket.token);
    expect(bHold.reservation?.status).toBe('HELD');

    // The subscription may first tell of the hold (the snapshot or a late HELD event), then of the payment.
    await eventually(async () => status.values.some((v) => v.reservationStatusChanged.status === 'PAID'), 10_000, 'PAID pushed');
    // The seat map followed every change: 7 and 8 held then sold, 9 held.
    await eventually(async () => {
      const last = new Map<number, string | null | undefined>();
      for (const v of seatMap.values) for (const s of v.seatsChanged) last.set(s.number, s.status);
      return last.get(7) === 'SOLD' && last.get(8) === 'SOLD' && last.get(9) === 'HELD';
    }, 10_000, 'seatsChanged 7, 8 SOLD and 9 HELD');

    const view = await eventually(async () => {
      const { performance } = await app.ok(PerformanceDocument, { id: performanceId });
      return performance?.availableSeatCount === 47 ? performance : undefined;
    }, 10_000, 'the seat map read model');
    expect(view.seats.filter((s) => s.status !== 'AVAILABLE').map((s) => [s.number, s.status]))
      .toEqual([[7, 'SOLD'], [8, 'SOLD'], [9, 'HELD']]);
    expect(view.gate).toEqual({ id: gateId });
    const mine = (await app.ok(MyReservationsDocument, { first: 10 }, a.token)).myReservations;
    expect(mine.edges.map((e) => [e.node.id, e.node.status])).toEqual([[reservation.id, 'PAID']]);

    const exported = await eventually(async () => {
      const got = platform.received().filter((r) => (r.body as { reservation?: { id: string } }).reservation?.id === reservation.id);
      return got.length ? got : undefined;
    }, 10_000, 'the paid reservation at the data platform');
    expect(exported).toHaveLength(1);
    expect(exported[0].body).toMatchObject({
      eventType: 'ReservationPaid', reservation: { userId: a.id, status: 'PAID', amount: 160_000, seats: [{ number: 7 }, { number: 8 }] },
    });

    seatMap.stop();
    bQueue.stop();
    status.stop();
    await Promise.all([ws.dispose(), aWs.dispose()]);
  });

  it('a limited product behind a gate: checkout needs the ACTIVE token, and the purchase frees the slot for the next shopper', async () => {
    const product = await createProduct(app, admin, { name: 'Limited sneakers', price: 199_000, stock: 5 });
    const { createGate } = await app.ok(CreateGateDocument, { input: { productId: product.id, maxActive: 1, admitPerMinute: 600 } }, admin);
    const gateId = createGate.gate!.id;
    const [a, b] = [await signUpCustomer(app, 'Cleo'), await signUpCustomer(app, 'Dan')];
    await charge(app, a.token, 199_000);
    const aTicket = (await app.ok(EnterQueueDocument, { gateId }, a.token)).enterQueue.ticket!;
    const bTicket = (await app.ok(EnterQueueDocument, { gateId }, b.token)).enterQueue.ticket!;
    expect([aTicket.status, bTicket.status]).toEqual(['ACTIVE', 'WAITING']);

    const buy = (token: string, queueToken?: string) =>
      app.ok(CheckoutDocument, { input: { items: [{ productId: product.id, quantity: 1 }], queueToken, idempotencyKey: key() } }, token).then((r) => r.checkout);
    expect((await buy(a.token)).userErrors.map((e) => [e.code, e.field])).toEqual([['QUEUE_TOKEN_REQUIRED', ['input', 'queueToken']]]);
    expect((await buy(b.token, bTicket.token)).userErrors.map((e) => e.code)).toEqual(['QUEUE_TOKEN_NOT_ACTIVE']);
    const bought = await buy(a.token, aTicket.token);
    expect(bought.userErrors).toEqual([]);
    expect(bought.order?.status).toBe('PAID');

    const gate = await eventually(async () => {
      const { gate } = await app.ok(GateDocument, { id: gateId }, admin);
      return gate && gate.active === 1 && gate.waiting === 0 ? gate : undefined;
    }, 5_000, 'B admitted into the freed slot');
    expect(gate.admittedLastMinute).toBe(2);
  });
});

import {
  APPLE, BANANA, HOLD_SECONDS, FakeAdmission, fakeOrderingDeps, fakeWorld, givenShop, refusal, type FakeWorld, type Shop,
} from '../../../../../test/support/fakes';
import { checkout } from '../checkout/checkout.handler';
import { placeOrder } from './place-order.handler';

/** placeOrder and checkout on a product behind a waiting room (issue 9: gated mutations). */
describe('placeOrder / checkout of a gated product', () => {
  let w: FakeWorld;
  let shop: Shop;
  let room: FakeAdmission;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    shop = givenShop(w);
    room = new FakeAdmission().gate({ productId: APPLE }, 'gate-apple');
  });
  const place = (queueToken: string | null, idempotencyKey = 'k1', items = [{ productId: APPLE, quantity: 1 }]) =>
    placeOrder(fakeOrderingDeps(w, room), HOLD_SECONDS, shop.buyer, { items, queueToken, idempotencyKey });

  it('without a token: QUEUE_TOKEN_REQUIRED on input.queueToken, nothing held, the key not used up', async () => {
    const before = w.state();
    expect(await refusal(place(null))).toEqual([expect.objectContaining({ code: 'QUEUE_TOKEN_REQUIRED', field: ['input', 'queueToken'] })]);
    expect(w.state()).toEqual(before);
    const token = room.admit(shop.buyer, 'gate-apple');
    await expect(place(token)).resolves.toMatchObject({ status: 'PENDING' });
  });

  it("another user's, another gate's or a spent token: QUEUE_TOKEN_NOT_ACTIVE, nothing held", async () => {
    const before = w.state();
    for (const token of [room.admit('someone-else', 'gate-apple'), room.admit(shop.buyer, 'gate-other'), 'spent']) {
      expect(await refusal(place(token))).toEqual([expect.objectContaining({ code: 'QUEUE_TOKEN_NOT_ACTIVE', field: ['input', 'queueToken'] })]);
    }
    expect(w.state()).toEqual(before);
  });

  it('an ACTIVE token: the order is placed and the ticket completed (slot freed); a retry with the same key gets the same order', async () => {
    const token = room.admit(shop.buyer, 'gate-apple');
    const order = await place(token);
    expect(room.completed).toEqual([token]);
    await expect(place(token)).resolves.toEqual(order); // spent now, but a replay is answered
  });

  it('a basket with one gated product needs the token; ungated products alone need none and complete nothing', async () => {
    await expect(place(null, 'k2', [{ productId: BANANA, quantity: 1 }])).resolves.toMatchObject({ status: 'PENDING' });
    expect(await refusal(place(null, 'k3', [{ productId: BANANA, quantity: 1 }, { productId: APPLE, quantity: 1 }])))
      .toEqual([expect.objectContaining({ code: 'QUEUE_TOKEN_REQUIRED' })]);
    expect(room.completed).toEqual([]);
  });

  it('checkout: the same check, and a paid order frees the slot', async () => {
    const input = { items: [{ productId: APPLE, quantity: 1 }], idempotencyKey: 'c1' };
    expect(await refusal(checkout(fakeOrderingDeps(w, room), HOLD_SECONDS, shop.buyer, { ...input, queueToken: null })))
      .toEqual([expect.objectContaining({ code: 'QUEUE_TOKEN_REQUIRED' })]);
    const token = room.admit(shop.buyer, 'gate-apple');
    const paid = await checkout(fakeOrderingDeps(w, room), HOLD_SECONDS, shop.buyer, { ...input, queueToken: token });
    expect(paid.order.status).toBe('PAID');
    expect(room.completed).toEqual([token]);
  });
});

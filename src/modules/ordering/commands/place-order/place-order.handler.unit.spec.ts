import { newId } from '../../../../shared/ids';
import {
  APPLE, BANANA, HOLD_SECONDS, fakeOrderingDeps, fakeWorld, givenCoupon, givenShop, refusal, type FakeWorld, type Shop,
} from '../../../../../test/support/fakes';
import type { StockChanged } from '../../../catalog';
import type { OrderPlaced } from '../../events';
import { placeOrder } from './place-order.handler';

describe('placeOrder', () => {
  let w: FakeWorld;
  let shop: Shop;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    shop = givenShop(w);
  });
  const place = (input: { items: Array<{ productId: string; quantity: number }>; couponId?: string | null; idempotencyKey?: string }, userId = shop.buyer) =>
    placeOrder(fakeOrderingDeps(w), HOLD_SECONDS, userId, { idempotencyKey: 'k1', ...input });
  const basket = [{ productId: BANANA, quantity: 4 }, { productId: APPLE, quantity: 2 }];

  it('given stock and points, when placed, then a PENDING order holds its stock until expiresAt, with OrderPlaced and one StockChanged HELD per product', async () => {
    // when
    const order = await place({ items: basket });

    // then
    expect(order).toMatchObject({
      userId: shop.buyer, status: 'PENDING', subtotal: 3_000, discount: 0, total: 3_000, couponId: null, version: 1, payment: null,
      createdAt: '2026-03-01T09:00:00.000Z', expiresAt: '2026-03-01T09:10:00.000Z',
    });
    expect(order.items.map((i) => [i.productId, i.quantity, i.lineTotal])).toEqual([[APPLE, 2, 2_000], [BANANA, 4, 1_000]]);
    expect(w.orders.get(order.id)).toEqual(order);
    expect([w.stock.available(APPLE), w.stock.available(BANANA)]).toEqual([8, 1]);
    expect(w.wallets.balanceOf(shop.buyer)).toBe(100_000); // checked, not taken

    expect(w.outbox.types()).toEqual(['OrderPlaced', 'StockChanged', 'StockChanged']);
    expect(w.outbox.ofType<OrderPlaced>('OrderPlaced')[0]).toMatchObject({
      aggregateType: 'Order', aggregateId: order.id, aggregateVersion: 1, data: { userId: shop.buyer, status: 'PENDING', total: 3_000, expiresAt: order.expiresAt },
    });
    expect(w.outbox.ofType<StockChanged>('StockChanged').map((e) => [e.aggregateId, e.aggregateVersion, e.data.available, e.data.delta, e.data.reason]))
      .toEqual([[APPLE, 2, 8, -2, 'HELD'], [BANANA, 2, 1, -4, 'HELD']]);
  });

  it('given the same key and items again, then the same order comes back with no second hold and no new events', async () => {
    // given
    const first = await place({ items: basket });
    const before = w.state();

    // when: the same items in another order of keys is the same request
    const again = await place({ items: basket.map((i) => ({ quantity: i.quantity, productId: i.productId })) });

    // then
    expect(again).toEqual(first);
    expect(w.state()).toEqual(before);
  });

  it('given the same key with other items, then IDEMPOTENCY_KEY_REUSED on input.idempotencyKey and nothing more is held', async () => {
    await place({ items: basket });
    const before = w.state();
    const errors = await refusal(place({ items: [{ productId: APPLE, quantity: 1 }] }));
    expect(errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given a product listed twice, then BAD_USER_INPUT at the repeat, before any transaction', async () => {
    const errors = await refusal(place({ items: [{ productId: APPLE, quantity: 1 }, { productId: APPLE, quantity: 1 }] }));
    expect(errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'items', '1', 'productId'] })]);
    expect(w.transactions.history).toEqual([]);
  });

  it('given an unknown product, then NOT_FOUND at its item, nothing is written and the key is not used up', async () => {
    const before = w.state();
    const errors = await refusal(place({ items: [{ productId: APPLE, quantity: 1 }, { productId: newId(), quantity: 1 }] }));
    expect(errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'items', '1', 'productId'] })]);
    expect(w.state()).toEqual(before);
    await expect(place({ items: [{ productId: APPLE, quantity: 1 }] })).resolves.toMatchObject({ status: 'PENDING' });
  });

  it('given too few bananas, then OUT_OF_STOCK at the banana item (as the request listed it) and the apples are not held either', async () => {
    const before = w.state();
    const errors = await refusal(place({ items: [{ productId: BANANA, quantity: 6 }, { productId: APPLE, quantity: 2 }] }));
    expect(errors).toEqual([expect.objectContaining({ code: 'OUT_OF_STOCK', field: ['input', 'items', '0', 'quantity'], message: expect.stringContaining('Banana') })]);
    expect(w.state()).toEqual(before);
    expect(w.stock.available(APPLE)).toBe(10);
  });

  it('given the last units, when two orders want them, then the first gets them and the second is OUT_OF_STOCK (stock never below zero)', async () => {
    const [a, b] = await Promise.allSettled([
      place({ items: [{ productId: BANANA, quantity: 5 }], idempotencyKey: 'a' }),
      place({ items: [{ productId: BANANA, quantity: 1 }], idempotencyKey: 'b' }),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: { errors: [expect.objectContaining({ code: 'OUT_OF_STOCK' })] } });
    expect(w.stock.available(BANANA)).toBe(0);
  });

  it('given a balance below the total, then INSUFFICIENT_BALANCE and nothing is held', async () => {
    // given
    w.wallets.seed(shop.buyer, 2_999);
    const before = w.state();

    // when
    const errors = await refusal(place({ items: basket }));

    // then
    expect(errors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' })]);
    expect(w.state()).toEqual(before);
  });

  describe('with a coupon', () => {
    it('given the buyer\'s 10% coupon, then it is RESERVED for the order and the total is discounted', async () => {
      // given
      const coupon = givenCoupon(w, shop.buyer, { discountType: 'PERCENT', discountValue: 10 });

      // when: ids are compared lower-case
      const order = await place({ items: basket, couponId: coupon.id.toUpperCase() });

      // then
      expect(order).toMatchObject({ subtotal: 3_000, discount: 300, total: 2_700, couponId: coupon.id });
      expect(w.couponUsage.get(coupon.id)).toMatchObject({ status: 'RESERVED', orderId: order.id });
      expect(w.outbox.ofType<OrderPlaced>('OrderPlaced')[0].data).toMatchObject({ discount: 300, total: 2_700, couponId: coupon.id });
    });

    it('given a discount that only the coupon makes affordable, then the balance check is on the discounted total', async () => {
      w.wallets.seed(shop.buyer, 2_000);
      const coupon = givenCoupon(w, shop.buyer, { discountType: 'FIXED', discountValue: 1_000 });
      await expect(place({ items: basket, couponId: coupon.id })).resolves.toMatchObject({ total: 2_000 });
    });

    it.each([
      ['someone else\'s (answered as unknown)', 'NOT_FOUND', /No such coupon/, () => ({ userId: newId() })],
      ['an expired', 'COUPON_NOT_USABLE', /expired/, () => ({ expiresAt: new Date('2026-03-01T08:00:00.000Z') })],
      ['an already used', 'COUPON_NOT_USABLE', /already been used/, () => ({ status: 'USED' as const, orderId: newId() })],
      ['a reserved', 'COUPON_NOT_USABLE', /another order/, () => ({ status: 'RESERVED' as const, orderId: newId() })],
      ['an under-minimum', 'COUPON_NOT_USABLE', /at least 3001/, () => ({ minOrderAmount: 3_001 })],
    ])('given %s coupon, then %s on input.couponId and nothing is written', async (_what, code, message, overrides) => {
      const coupon = givenCoupon(w, shop.buyer, overrides());
      const before = w.state();
      const errors = await refusal(place({ items: basket, couponId: coupon.id }));
      expect(errors).toEqual([expect.objectContaining({ code, field: ['input', 'couponId'], message: expect.stringMatching(message) })]);
      expect(w.state()).toEqual(before);
    });

    it('given an unknown coupon, then NOT_FOUND on input.couponId', async () => {
      const errors = await refusal(place({ items: basket, couponId: newId() }));
      expect(errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'couponId'] })]);
    });

    it('given out of stock after the coupon was reserved, then the coupon is AVAILABLE again (one transaction)', async () => {
      const coupon = givenCoupon(w, shop.buyer);
      await refusal(place({ items: [{ productId: BANANA, quantity: 6 }], couponId: coupon.id }));
      expect(w.couponUsage.get(coupon.id)).toMatchObject({ status: 'AVAILABLE', orderId: null });
    });
  });

  it('given the outbox rows fail (an append nobody awaits), then the transaction still fails and nothing is half-written', async () => {
    // given
    w.outbox.failNextAppend();
    const before = w.state();

    // when / then
    await expect(place({ items: basket })).rejects.toThrow('outbox insert failed');
    expect(w.state()).toEqual(before);
    expect(w.transactions.history).toEqual([expect.objectContaining({ outcome: 'rolledBack' })]);
  });
});

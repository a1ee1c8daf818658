import { newId } from '../../../../shared/ids';
import {
  APPLE, BANANA, HOLD_SECONDS, fakeOrderingDeps, fakeWorld, givenCoupon, givenShop, refusal, type FakeWorld, type Shop,
} from '../../../../../test/support/fakes';
import { Role } from '../../../identity/domain/user';
import type { Order } from '../../domain/order';
import type { OrderPaid } from '../../events';
import type { OrderStore } from '../../order.store';
import { cancelOrder } from '../cancel-order/cancel-order.handler';
import { placeOrder } from '../place-order/place-order.handler';
import { payOrder } from './pay-order.handler';

describe('payOrder', () => {
  let w: FakeWorld;
  let shop: Shop;
  let order: Order;
  beforeEach(async () => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    shop = givenShop(w, 10_000);
    order = await placePending();
    w.clock.advance(60_000);
  });
  /** The first order is 2 apples + 4 bananas (3,000 won); later ones are one apple (1,000 won). */
  async function placePending(couponId: string | null = null, key = 'place') {
    const items = key === 'place' ? [{ productId: APPLE, quantity: 2 }, { productId: BANANA, quantity: 4 }] : [{ productId: APPLE, quantity: 1 }];
    return placeOrder(fakeOrderingDeps(w), HOLD_SECONDS, shop.buyer, { items, couponId, idempotencyKey: key });
  }
  const pay = (orderId = order.id, idempotencyKey = 'pay-1', userId = shop.buyer) => payOrder(fakeOrderingDeps(w), userId, { orderId, idempotencyKey });

  it('given a PENDING order in time, when paid, then it is PAID at version 2, the wallet is debited with a PAYMENT row, OrderPaid v2, and the hold becomes the sale', async () => {
    // given
    const eventsBefore = w.outbox.events.length;

    // when
    const { order: paid, payment } = await pay(order.id.toUpperCase());

    // then
    expect(paid).toMatchObject({ id: order.id, status: 'PAID', version: 2, paidAt: '2026-03-01T09:01:00.000Z', payment });
    expect(payment).toEqual({ id: expect.any(String), amount: 3_000, paidAt: '2026-03-01T09:01:00.000Z' });
    expect(w.orders.get(order.id)).toEqual(paid);
    expect(w.wallets.balanceOf(shop.buyer)).toBe(7_000);
    expect(w.wallets.ledgerOf(shop.buyer)).toEqual([expect.objectContaining({ id: payment.id, type: 'PAYMENT', amount: -3_000, orderId: order.id })]);
    expect([w.stock.available(APPLE), w.stock.available(BANANA)]).toEqual([8, 1]); // held at placing, not moved again
    expect(w.outbox.events.slice(eventsBefore).map((e) => e.type)).toEqual(['OrderPaid']);
    expect(w.outbox.ofType<OrderPaid>('OrderPaid')[0]).toMatchObject({
      aggregateId: order.id, aggregateVersion: 2, data: { userId: shop.buyer, paymentId: payment.id, amount: 3_000, previousStatus: 'PENDING' },
    });
  });

  it('given the same key and order again, then the same answer comes back and the wallet is debited once', async () => {
    const first = await pay();
    const before = w.state();
    await expect(pay()).resolves.toEqual(first);
    expect(w.state()).toEqual(before);
  });

  it('given the same key for another order, then IDEMPOTENCY_KEY_REUSED and the other order stays PENDING', async () => {
    await pay();
    const other = await placePending(null, 'place-2');
    const before = w.state();
    const errors = await refusal(pay(other.id));
    expect(errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given an already PAID order and a new key, then ORDER_NOT_PAYABLE and no second debit', async () => {
    await pay(order.id, 'pay-1');
    const before = w.state();
    const errors = await refusal(pay(order.id, 'pay-2'));
    expect(errors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_PAYABLE', field: ['input', 'orderId'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given a CANCELLED order, then ORDER_NOT_PAYABLE', async () => {
    await cancelOrder(fakeOrderingDeps(w), { id: shop.buyer, role: Role.CUSTOMER }, { orderId: order.id });
    const errors = await refusal(pay());
    expect(errors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_PAYABLE' })]);
  });

  it('given the deadline passed (even before the worker expired it), then ORDER_EXPIRED and nothing is written', async () => {
    w.clock.set(order.expiresAt);
    const before = w.state();
    const errors = await refusal(pay());
    expect(errors).toEqual([expect.objectContaining({ code: 'ORDER_EXPIRED', field: ['input', 'orderId'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given an unknown order or someone else\'s, then NOT_FOUND on input.orderId', async () => {
    for (const attempt of [pay(newId()), pay(order.id, 'k', newId())]) {
      expect(await refusal(attempt)).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'orderId'] })]);
    }
  });

  it('given a balance below the total, then INSUFFICIENT_BALANCE: still PENDING, no ledger row, and after charging the same key pays', async () => {
    // given
    w.wallets.seed(shop.buyer, 2_999);
    const before = w.state();

    // when
    const errors = await refusal(pay());

    // then
    expect(errors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' })]);
    expect(w.state()).toEqual(before);
    w.wallets.seed(shop.buyer, 3_000);
    await expect(pay()).resolves.toMatchObject({ order: { status: 'PAID' } });
  });

  it('given two payments of two orders that the balance covers once, then one is paid and the other INSUFFICIENT_BALANCE', async () => {
    const second = await placePending(null, 'place-2');
    w.wallets.seed(shop.buyer, 3_500);
    const [first, other] = await Promise.allSettled([pay(order.id, 'a'), pay(second.id, 'b')]);
    expect(first.status).toBe('fulfilled');
    expect(other).toMatchObject({ status: 'rejected', reason: { errors: [expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' })] } });
    expect(w.wallets.balanceOf(shop.buyer)).toBe(500);
    expect(w.orders.get(second.id)?.status).toBe('PENDING');
  });

  describe('with a coupon', () => {
    it('given the order holds a coupon, then paying marks it USED', async () => {
      const coupon = givenCoupon(w, shop.buyer);
      const withCoupon = await placePending(coupon.id, 'place-c');
      await pay(withCoupon.id, 'pay-c');
      expect(w.couponUsage.get(coupon.id)).toMatchObject({ status: 'USED', orderId: withCoupon.id });
      expect(w.wallets.balanceOf(shop.buyer)).toBe(10_000 - 900);
    });

    it('given the coupon is no longer held for the order, then COUPON_NOT_USABLE on input.orderId and nothing is paid', async () => {
      // given: the order holds a coupon that was released meanwhile (e.g. by hand)
      const coupon = givenCoupon(w, shop.buyer);
      const withCoupon = await placePending(coupon.id, 'place-c');
      Object.assign(w.couponUsage.get(coupon.id)!, { status: 'AVAILABLE', orderId: null });
      const before = w.state();

      // when
      const errors = await refusal(pay(withCoupon.id, 'pay-c'));

      // then
      expect(errors).toEqual([expect.objectContaining({ code: 'COUPON_NOT_USABLE', field: ['input', 'orderId'] })]);
      expect(w.state()).toEqual(before);
    });
  });

  it('given the order row moved under its lock (the transition loses), then the payment fails whole: no debit, no event', async () => {
    // given: a store whose conditional transition finds another version (cannot happen with a real lock; proves the guard)
    const orders: OrderStore = {
      insert: (tx, o) => w.orders.insert(tx, o), lock: (tx, id) => w.orders.lock(tx, id), lockOverdue: (tx, now, n) => w.orders.lockOverdue(tx, now, n),
      expire: (tx, ids) => w.orders.expire(tx, ids), transition: (tx, _from, o) => w.orders.transition(tx, 99, o),
    };
    const before = w.state();

    // when / then
    await expect(payOrder({ ...fakeOrderingDeps(w), orders }, shop.buyer, { orderId: order.id, idempotencyKey: 'x' })).rejects.toThrow(/changed under its lock/);
    expect(w.state()).toEqual(before);
  });
});

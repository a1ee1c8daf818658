import { newId } from '../../../../shared/ids';
import {
  APPLE, BANANA, HOLD_SECONDS, fakeOrderingDeps, fakeWorld, givenCoupon, givenShop, refusal, type FakeWorld, type Shop,
} from '../../../../../test/support/fakes';
import type { OrderPaid, OrderPlaced } from '../../events';
import { checkout } from './checkout.handler';

describe('checkout', () => {
  let w: FakeWorld;
  let shop: Shop;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    shop = givenShop(w, 10_000);
  });
  const basket = [{ productId: APPLE, quantity: 2 }, { productId: BANANA, quantity: 4 }]; // 3,000 won
  const buy = (input: { items?: typeof basket; couponId?: string | null; idempotencyKey?: string } = {}, userId = shop.buyer) =>
    checkout(fakeOrderingDeps(w), HOLD_SECONDS, userId, { items: basket, idempotencyKey: 'k1', ...input });

  it('given points and stock, when checking out, then the order is born PAID: wallet debited with a PAYMENT row, stock taken, OrderPlaced v1 + OrderPaid v2', async () => {
    // when
    const { order, payment } = await buy();

    // then
    expect(order).toMatchObject({ status: 'PAID', version: 2, total: 3_000, paidAt: '2026-03-01T09:00:00.000Z' });
    expect(payment).toEqual({ id: expect.any(String), amount: 3_000, paidAt: '2026-03-01T09:00:00.000Z' });
    expect(order.payment).toEqual(payment);
    expect(w.orders.get(order.id)).toEqual(order);
    expect(w.wallets.balanceOf(shop.buyer)).toBe(7_000);
    expect(w.wallets.ledgerOf(shop.buyer)).toEqual([expect.objectContaining({ id: payment.id, type: 'PAYMENT', amount: -3_000, balanceAfter: 7_000, orderId: order.id })]);
    expect([w.stock.available(APPLE), w.stock.available(BANANA)]).toEqual([8, 1]);

    expect(w.outbox.types()).toEqual(['OrderPlaced', 'OrderPaid', 'StockChanged', 'StockChanged']);
    expect(w.outbox.ofType<OrderPlaced>('OrderPlaced')[0]).toMatchObject({ aggregateId: order.id, aggregateVersion: 1 });
    expect(w.outbox.ofType<OrderPaid>('OrderPaid')[0]).toMatchObject({
      aggregateType: 'Order', aggregateId: order.id, aggregateVersion: 2,
      data: { previousStatus: 'PENDING', status: 'PAID', paymentId: payment.id, amount: 3_000, paidAt: payment.paidAt },
    });
  });

  it('given the same key and items again, then the same payment and order come back and the wallet is debited once', async () => {
    const first = await buy();
    const before = w.state();
    await expect(buy()).resolves.toEqual(first);
    expect(w.state()).toEqual(before);
  });

  it('given the same key with other items, then IDEMPOTENCY_KEY_REUSED and no second debit', async () => {
    await buy();
    const before = w.state();
    const errors = await refusal(buy({ items: [{ productId: APPLE, quantity: 1 }] }));
    expect(errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given a balance one won short, then INSUFFICIENT_BALANCE: no order, no hold, no debit, and the key may be retried', async () => {
    // given
    w.wallets.seed(shop.buyer, 2_999);
    const before = w.state();

    // when
    const errors = await refusal(buy());

    // then
    expect(errors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_BALANCE', message: expect.stringContaining('3000') })]);
    expect(w.state()).toEqual(before);
    w.wallets.seed(shop.buyer, 3_000);
    await expect(buy()).resolves.toMatchObject({ order: { status: 'PAID' } });
    expect(w.wallets.balanceOf(shop.buyer)).toBe(0);
  });

  it('given no wallet at all, then INSUFFICIENT_BALANCE', async () => {
    const errors = await refusal(buy({}, newId()));
    expect(errors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' })]);
  });

  it('given too few units, then OUT_OF_STOCK at the item and the wallet is not debited', async () => {
    const before = w.state();
    const errors = await refusal(buy({ items: [{ productId: BANANA, quantity: 6 }] }));
    expect(errors).toEqual([expect.objectContaining({ code: 'OUT_OF_STOCK', field: ['input', 'items', '0', 'quantity'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given two checkouts that the balance covers only once, then exactly one is paid (never overdrawn)', async () => {
    w.wallets.seed(shop.buyer, 4_000);
    const results = await Promise.allSettled([buy({ idempotencyKey: 'a' }), buy({ idempotencyKey: 'b' })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(w.wallets.balanceOf(shop.buyer)).toBe(1_000);
  });

  describe('with a coupon', () => {
    it('given the buyer\'s coupon, then it is USED by the order and the discounted total is debited', async () => {
      const coupon = givenCoupon(w, shop.buyer, { discountType: 'FIXED', discountValue: 500 });
      const { order, payment } = await buy({ couponId: coupon.id });
      expect(order).toMatchObject({ subtotal: 3_000, discount: 500, total: 2_500, couponId: coupon.id });
      expect(payment.amount).toBe(2_500);
      expect(w.couponUsage.get(coupon.id)).toMatchObject({ status: 'USED', orderId: order.id, usedAt: w.clock.now() });
      expect(w.wallets.balanceOf(shop.buyer)).toBe(7_500);
    });

    it('given a coupon worth more than the order, then the total is 0 and it is paid without any wallet', async () => {
      const stranger = newId();
      const coupon = givenCoupon(w, stranger, { discountType: 'FIXED', discountValue: 50_000 });
      const { order, payment } = await buy({ couponId: coupon.id }, stranger);
      expect(order).toMatchObject({ status: 'PAID', discount: 3_000, total: 0 });
      expect(payment.amount).toBe(0);
      expect(w.wallets.ledgerOf(stranger)).toEqual([expect.objectContaining({ type: 'PAYMENT', amount: 0, orderId: order.id })]);
    });

    it('given the balance does not cover even the discounted total, then the coupon stays AVAILABLE (rolled back with the rest)', async () => {
      w.wallets.seed(shop.buyer, 100);
      const coupon = givenCoupon(w, shop.buyer);
      const before = w.state();
      await refusal(buy({ couponId: coupon.id }));
      expect(w.state()).toEqual(before);
    });

    it('given someone else\'s coupon, then NOT_FOUND on input.couponId, as for an unknown one', async () => {
      const coupon = givenCoupon(w, newId());
      const errors = await refusal(buy({ couponId: coupon.id }));
      expect(errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'couponId'] })]);
    });
  });
});

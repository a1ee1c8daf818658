import { newId } from '../../../../shared/ids';
import {
  APPLE, BANANA, HOLD_SECONDS, fakeOrderingDeps, fakeWorld, givenCoupon, givenShop, refusal, type FakeWorld, type Shop,
} from '../../../../../test/support/fakes';
import type { StockChanged } from '../../../catalog';
import { MAX_STOCK } from '../../../catalog/domain/product';
import { Role } from '../../../identity/domain/user';
import { MAX_BALANCE } from '../../../wallet/domain/wallet-limits';
import type { Order } from '../../domain/order';
import type { OrderCancelled } from '../../events';
import { checkout } from '../checkout/checkout.handler';
import { placeOrder } from '../place-order/place-order.handler';
import { cancelOrder } from './cancel-order.handler';

const items = [{ productId: APPLE, quantity: 2 }, { productId: BANANA, quantity: 4 }]; // 3,000 won

describe('cancelOrder', () => {
  let w: FakeWorld;
  let shop: Shop;
  let owner: { id: string; role: Role };
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    shop = givenShop(w, 10_000);
    owner = { id: shop.buyer, role: Role.CUSTOMER };
  });
  const cancel = (orderId: string, user = owner, idempotencyKey?: string) => cancelOrder(fakeOrderingDeps(w), user, { orderId, idempotencyKey });
  const newEvents = (from: number) => w.outbox.events.slice(from);

  describe('a PENDING order', () => {
    let order: Order;
    let couponId: string;
    beforeEach(async () => {
      couponId = givenCoupon(w, shop.buyer).id;
      order = await placeOrder(fakeOrderingDeps(w), HOLD_SECONDS, shop.buyer, { items, couponId, idempotencyKey: 'p' });
      w.clock.advance(30_000);
    });

    it('when cancelled by its owner, then it is CANCELLED at version 2, its hold goes back to stock, its coupon is freed and nothing is refunded', async () => {
      // given
      const from = w.outbox.events.length;

      // when
      const cancelled = await cancel(order.id.toUpperCase());

      // then
      expect(cancelled).toMatchObject({ id: order.id, status: 'CANCELLED', version: 2, cancelledAt: '2026-03-01T09:00:30.000Z', paidAt: null });
      expect(w.orders.get(order.id)).toEqual(cancelled);
      expect([w.stock.available(APPLE), w.stock.available(BANANA)]).toEqual([10, 5]);
      expect(w.couponUsage.get(couponId)).toMatchObject({ status: 'AVAILABLE', orderId: null });
      expect(w.wallets.ledgerOf(shop.buyer)).toEqual([]);
      expect(newEvents(from).map((e) => e.type)).toEqual(['OrderCancelled', 'StockChanged', 'StockChanged']);
      expect(newEvents(from)[0] as OrderCancelled).toMatchObject({
        aggregateId: order.id, aggregateVersion: 2, data: { previousStatus: 'PENDING', status: 'CANCELLED', refundedAmount: 0, paidAt: null },
      });
      expect((newEvents(from).slice(1) as StockChanged[]).map((e) => [e.aggregateId, e.aggregateVersion, e.data.available, e.data.delta, e.data.reason]))
        .toEqual([[APPLE, 3, 10, 2, 'RELEASED'], [BANANA, 3, 5, 4, 'RELEASED']]);
    });

    it('when its coupon expired meanwhile, then cancelling turns the coupon EXPIRED, not AVAILABLE', async () => {
      w.clock.set(w.couponUsage.get(couponId)!.expiresAt);
      await cancel(order.id);
      expect(w.couponUsage.get(couponId)).toMatchObject({ status: 'EXPIRED', orderId: null });
    });

    it('when cancelled a second time without a key, then ORDER_NOT_CANCELLABLE and nothing moves', async () => {
      await cancel(order.id);
      const before = w.state();
      const errors = await refusal(cancel(order.id));
      expect(errors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_CANCELLABLE', field: ['input', 'orderId'] })]);
      expect(w.state()).toEqual(before);
    });

    it('when retried with the same key, then the same answer comes back instead of ORDER_NOT_CANCELLABLE, with no second effect', async () => {
      const first = await cancel(order.id, owner, 'c1');
      const before = w.state();
      await expect(cancel(order.id, owner, 'c1')).resolves.toEqual(first);
      expect(w.state()).toEqual(before);
    });

    it('when the same key is used for another order, then IDEMPOTENCY_KEY_REUSED', async () => {
      await cancel(order.id, owner, 'c1');
      const errors = await refusal(cancel(newId(), owner, 'c1'));
      expect(errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })]);
    });

    it('when someone else tries, then NOT_FOUND (it is not theirs to see); an admin may cancel it', async () => {
      const before = w.state();
      expect(await refusal(cancel(order.id, { id: newId(), role: Role.CUSTOMER }))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'orderId'] })]);
      expect(w.state()).toEqual(before);
      await expect(cancel(order.id, { id: newId(), role: Role.ADMIN })).resolves.toMatchObject({ status: 'CANCELLED' });
    });

    it('when it EXPIRED already, then ORDER_NOT_CANCELLABLE', async () => {
      w.orders.rows.get(order.id)!.status = 'EXPIRED';
      expect(await refusal(cancel(order.id))).toEqual([expect.objectContaining({ code: 'ORDER_NOT_CANCELLABLE' })]);
    });

    it('when the stock was restocked to its ceiling meanwhile, the held units still go back (returns are never refused)', async () => {
      w.stock.seed(BANANA, MAX_STOCK - 1, 9);
      expect((await cancel(order.id)).status).toBe('CANCELLED');
      expect(w.stock.available(BANANA)).toBeGreaterThan(MAX_STOCK - 1);
    });
  });

  describe('a PAID order', () => {
    let order: Order;
    let couponId: string;
    beforeEach(async () => {
      couponId = givenCoupon(w, shop.buyer, { discountType: 'FIXED', discountValue: 500 }).id;
      ({ order } = await checkout(fakeOrderingDeps(w), HOLD_SECONDS, shop.buyer, { items, couponId, idempotencyKey: 'c' }));
      w.clock.advance(3_600_000);
    });

    it('when cancelled, then the total is refunded with a REFUND row, the units return to stock, and OrderCancelled says PAID and how much', async () => {
      // given
      const from = w.outbox.events.length;
      expect(w.wallets.balanceOf(shop.buyer)).toBe(7_500);

      // when
      const cancelled = await cancel(order.id);

      // then
      expect(cancelled).toMatchObject({ status: 'CANCELLED', version: 3, paidAt: order.paidAt, cancelledAt: '2026-03-01T10:00:00.000Z', payment: order.payment });
      expect(w.wallets.balanceOf(shop.buyer)).toBe(10_000);
      expect(w.wallets.ledgerOf(shop.buyer).map((r) => [r.type, r.amount, r.orderId])).toEqual([['PAYMENT', -2_500, order.id], ['REFUND', 2_500, order.id]]);
      expect([w.stock.available(APPLE), w.stock.available(BANANA)]).toEqual([10, 5]);
      expect(newEvents(from).map((e) => e.type)).toEqual(['OrderCancelled', 'StockChanged', 'StockChanged']);
      expect(newEvents(from)[0] as OrderCancelled).toMatchObject({
        aggregateVersion: 3, data: { previousStatus: 'PAID', refundedAmount: 2_500, paidAt: order.paidAt },
      });
      expect((newEvents(from).slice(1) as StockChanged[]).map((e) => e.data.reason)).toEqual(['RETURNED', 'RETURNED']);
      // The coupon was spent on the paid order; cancelling does not give it back.
      expect(w.couponUsage.get(couponId)).toMatchObject({ status: 'USED', orderId: order.id });
    });

    it('when the refund lifts the balance over MAX_BALANCE, then it is still refunded (refunds are never refused)', async () => {
      w.wallets.seed(shop.buyer, MAX_BALANCE);
      await cancel(order.id);
      expect(w.wallets.balanceOf(shop.buyer)).toBe(MAX_BALANCE + 2_500);
    });

    it('when cancelled twice, then ORDER_NOT_CANCELLABLE and one refund only', async () => {
      await cancel(order.id);
      await refusal(cancel(order.id));
      expect(w.wallets.ledgerOf(shop.buyer).filter((r) => r.type === 'REFUND')).toHaveLength(1);
    });

    it('when an admin cancels it, then the refund goes to the owner\'s wallet', async () => {
      const admin = { id: newId(), role: Role.ADMIN };
      await cancel(order.id, admin);
      expect(w.wallets.balanceOf(shop.buyer)).toBe(10_000);
      expect(w.wallets.balanceOf(admin.id)).toBeUndefined();
    });
  });

  it('given an unknown order, then NOT_FOUND', async () => {
    expect(await refusal(cancel(newId()))).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'orderId'] })]);
  });
});

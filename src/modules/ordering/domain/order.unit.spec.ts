import {
  cancelRefusal, isOverdue, markCancelled, markExpired, markPaid, openOrder, outOfStock, payRefusal, priceItems, refundDue, repeatedItem,
} from './order';

const A = '01890000-0000-7000-8000-00000000000a';
const B = '01890000-0000-7000-8000-00000000000b';
const catalog = new Map([[A, { name: 'Apple', price: 1_000 }], [B, { name: 'Banana', price: 250 }]]);
const now = new Date('2026-01-01T00:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);

function pending(discount = 0) {
  const lines = priceItems([{ productId: B, quantity: 4 }, { productId: A, quantity: 2 }], catalog);
  if (!Array.isArray(lines)) throw new Error('unpriced');
  return openOrder({ id: 'o1', userId: 'u1', lines, discount, couponId: null, now, holdSeconds: 600 });
}

describe('Order rules', () => {
  it('prices lines from the catalog, sorted by product id, and totals them', () => {
    const order = pending(500);
    expect(order.items.map((i) => [i.productName, i.lineTotal])).toEqual([['Apple', 2_000], ['Banana', 1_000]]);
    expect(order).toMatchObject({ subtotal: 3_000, discount: 500, total: 2_500, status: 'PENDING', version: 1, expiresAt: '2026-01-01T00:10:00.000Z' });
  });

  it('caps a discount at the subtotal', () => {
    expect(pending(10_000)).toMatchObject({ discount: 3_000, total: 0 });
  });

  it('an unknown product is NOT_FOUND at its position in the request', () => {
    expect(priceItems([{ productId: A, quantity: 1 }, { productId: 'x', quantity: 1 }], catalog))
      .toEqual({ code: 'NOT_FOUND', message: 'No such product', field: ['input', 'items', '1', 'productId'] });
  });

  it('OUT_OF_STOCK names the product and points at its position in the request', () => {
    const order = pending();
    const error = outOfStock(order.items[0], [{ productId: B, quantity: 4 }, { productId: A, quantity: 2 }]);
    expect(error).toMatchObject({ code: 'OUT_OF_STOCK', field: ['input', 'items', '1', 'quantity'] });
    expect(error.message).toContain('Apple');
  });

  it('a repeated product is refused at the repeat', () => {
    expect(repeatedItem([{ productId: A, quantity: 1 }, { productId: B, quantity: 1 }, { productId: A, quantity: 2 }]))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'items', '2', 'productId'] });
    expect(repeatedItem([{ productId: A, quantity: 1 }])).toBeNull();
  });

  it('pays only a PENDING order before its deadline', () => {
    const order = pending();
    expect(payRefusal(order, later(599_999))).toBeNull();
    expect(payRefusal(order, later(600_000))?.code).toBe('ORDER_EXPIRED');
    const paid = markPaid(order, 'p1', later(1));
    expect(paid).toMatchObject({ status: 'PAID', version: 2, payment: { id: 'p1', amount: 3_000 } });
    expect(payRefusal(paid, later(2))?.code).toBe('ORDER_NOT_PAYABLE');
    expect(payRefusal(markExpired(order), later(2))?.code).toBe('ORDER_EXPIRED');
  });

  it('cancels PENDING (no refund) and PAID (full refund), nothing else', () => {
    const order = pending();
    expect(cancelRefusal(order)).toBeNull();
    expect(refundDue(order)).toBe(0);
    const paid = markPaid(order, 'p1', later(1));
    expect(refundDue(paid)).toBe(3_000);
    const cancelled = markCancelled(paid, later(2));
    expect(cancelled).toMatchObject({ status: 'CANCELLED', version: 3, paidAt: paid.paidAt });
    expect(cancelRefusal(cancelled)?.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(cancelRefusal(markExpired(order))?.code).toBe('ORDER_NOT_CANCELLABLE');
  });

  it('is overdue only while PENDING and past expiresAt', () => {
    const order = pending();
    expect(isOverdue(order, later(599_999))).toBe(false);
    expect(isOverdue(order, later(600_000))).toBe(true);
    expect(isOverdue(markPaid(order, 'p', later(1)), later(700_000))).toBe(false);
  });
});

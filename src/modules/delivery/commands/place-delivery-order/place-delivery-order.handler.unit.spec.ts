import { refusal } from '../../../../../test/support/fakes';
import { CUSTOMER, deliveryShop, ELSEWHERE, KIMBAP, order, SOLD_OUT, type Shop } from '../../delivery.spec-support';
import { authorizationKey } from '../../domain/delivery-order';
import { placeDeliveryOrder } from './place-delivery-order.handler';

describe('placeDeliveryOrder', () => {
  let s: Shop;
  beforeEach(() => {
    s = deliveryShop();
  });

  it('given items of one store, then priced from the menu, authorized with the attempt key, PAID, two events', async () => {
    const answer = await placeDeliveryOrder(s.d.deps, CUSTOMER, order());
    expect(answer.userErrors).toEqual([]);
    expect(answer.order).toMatchObject({ status: 'PAID', total: 14_000, payment: { status: 'AUTHORIZED', attempt: 1 } });
    expect(answer.order.items.map((l) => [l.name, l.quantity, l.unitPrice, l.lineTotal])).toEqual([['Tuna kimbap', 2, 4_500, 9_000], ['Ramyeon', 1, 5_000, 5_000]]);
    expect(s.d.gateway.calls).toEqual([{ op: 'authorize', key: authorizationKey(answer.order) }]);
    expect(s.outbox.types()).toEqual(['DeliveryOrderPlaced', 'DeliveryOrderPaid']);
    expect(s.d.orders.rows.get(answer.order.id)).toEqual(answer.order);
  });

  it('given the same key again, then the same order and no second authorization; another request with it → IDEMPOTENCY_KEY_REUSED', async () => {
    const first = await placeDeliveryOrder(s.d.deps, CUSTOMER, order());
    const again = await placeDeliveryOrder(s.d.deps, CUSTOMER, order());
    expect(again.order.id).toBe(first.order.id);
    expect(s.d.gateway.count('authorize')).toBe(1);
    expect(s.d.orders.rows.size).toBe(1);
    const errors = await refusal(placeDeliveryOrder(s.d.deps, CUSTOMER, order({ deliveryAddress: 'elsewhere' })));
    expect(errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);
  });

  it.each([
    ['11 items counting quantities', 'TOO_MANY_ITEMS', order({ items: [{ menuItemId: KIMBAP, quantity: 10 }, { menuItemId: KIMBAP, quantity: 1 }] }), ['input', 'items']],
    ['an item of another store', 'MULTIPLE_STORES', order({ items: [{ menuItemId: KIMBAP, quantity: 1 }, { menuItemId: ELSEWHERE, quantity: 1 }] }), ['input', 'items', '1', 'menuItemId']],
    ['an unavailable item', 'MENU_ITEM_UNAVAILABLE', order({ items: [{ menuItemId: SOLD_OUT, quantity: 1 }] }), ['input', 'items', '0', 'menuItemId']],
    ['an unknown item', 'NOT_FOUND', order({ items: [{ menuItemId: '018f0000-0000-7000-8000-0000000000ff', quantity: 1 }] }), ['input', 'items', '0', 'menuItemId']],
    ['an unknown store', 'NOT_FOUND', order({ storeId: '018f0000-0000-7000-8000-0000000000fe' }), ['input', 'storeId']],
    ['an address 20 km away', 'OUT_OF_DELIVERY_AREA', order({ deliveryLocation: { lat: 37.4, lng: 127.1 } }), ['input', 'deliveryLocation']],
  ])('given %s, then %s naming the field, nothing written and no gateway call', async (_what, code, input, field) => {
    const before = s.state();
    expect(await refusal(placeDeliveryOrder(s.d.deps, CUSTOMER, input))).toEqual([expect.objectContaining({ code, field })]);
    expect(s.state()).toEqual(before);
    expect(s.d.gateway.calls).toEqual([]);
  });

  it('given the breaker is open, then the order is kept AWAITING_PAYMENT with PAYMENT_TEMPORARILY_UNAVAILABLE and retryAfterSeconds', async () => {
    s.d.gateway.next = ['unavailable'];
    const answer = await placeDeliveryOrder(s.d.deps, CUSTOMER, order());
    expect(answer).toMatchObject({ order: { status: 'AWAITING_PAYMENT', payment: { status: 'PENDING' } }, retryAfterSeconds: 7 });
    expect(answer.userErrors).toEqual([expect.objectContaining({ code: 'PAYMENT_TEMPORARILY_UNAVAILABLE', retryAfterSeconds: 7 })]);
    expect(s.d.orders.rows.get(answer.order.id)?.status).toBe('AWAITING_PAYMENT');
    expect(s.outbox.types()).toEqual(['DeliveryOrderPlaced']);
  });

  it('given the answer is lost after the charge, then AWAITING_PAYMENT; a replay of the key asks again with the same key and is PAID once', async () => {
    s.d.gateway.next = ['unknown'];
    const lost = await placeDeliveryOrder(s.d.deps, CUSTOMER, order());
    expect(lost.order.status).toBe('AWAITING_PAYMENT');
    const replay = await placeDeliveryOrder(s.d.deps, CUSTOMER, order());
    expect(replay.order).toMatchObject({ id: lost.order.id, status: 'PAID' });
    expect(new Set(s.d.gateway.calls.map((c) => c.key)).size).toBe(1);
    expect(s.d.gateway.authorizations.size).toBe(1);
  });

  it('given a declined card, then PAYMENT_FAILED with CARD_DECLINED and the order in the payload', async () => {
    const answer = await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ cardToken: 'tok_declined' }));
    expect(answer.order).toMatchObject({ status: 'PAYMENT_FAILED', payment: { status: 'DECLINED', declineReason: 'card_declined' } });
    expect(answer.userErrors).toEqual([expect.objectContaining({ code: 'CARD_DECLINED' })]);
    expect(s.outbox.types()).toEqual(['DeliveryOrderPlaced', 'DeliveryPaymentFailed']);
  });
});

import { refusal } from '../../../../../test/support/fakes';
import { CUSTOMER, deliveryShop, ELSEWHERE, KIMBAP, MERCHANT, order, RAMYEON, type Shop } from '../../delivery.spec-support';
import { placeDeliveryOrder } from '../place-delivery-order/place-delivery-order.handler';
import { acceptDeliveryOrder } from '../accept-delivery-order/accept-delivery-order.handler';
import { startCooking } from '../start-cooking/start-cooking.handler';
import { runPaymentSteps } from '../../workers/payment-steps';
import { changeDeliveryOrder } from './change-delivery-order.handler';

describe('changeDeliveryOrder', () => {
  let s: Shop;
  let id: string;
  beforeEach(async () => {
    s = deliveryShop();
    id = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order())).order.id; // 2 kimbap + 1 ramyeon = 14,000, PAID
  });

  it('a new total: authorized anew with the next key, then the order changes and the old authorization alone is voided; cooking captures the new one', async () => {
    await acceptDeliveryOrder(s.d.deps, MERCHANT, { orderId: id, estimatedMinutes: 5 });
    const changed = await changeDeliveryOrder(s.d.deps, CUSTOMER, { orderId: id, items: [{ menuItemId: KIMBAP, quantity: 1 }] });
    expect(changed.userErrors).toEqual([]);
    expect(changed.order).toMatchObject({ status: 'ACCEPTED', total: 4_500, payment: { attempt: 2, status: 'AUTHORIZED' } });
    expect(s.d.gateway.calls.at(-1)).toEqual({ op: 'authorize', key: `delivery-${id}-auth-2` });
    expect(s.d.gateway.authorizations.get(`delivery-${id}-auth-2`)?.amount).toBe(4_500);

    await runPaymentSteps(s.d.deps);
    expect(s.d.gateway.calls.filter((c) => c.op === 'void')).toEqual([{ op: 'void', key: `delivery-${id}-auth-1-void` }]);
    expect(s.d.orders.rows.get(id)?.payment.status).toBe('AUTHORIZED'); // the current authorization is untouched
    await startCooking(s.d.deps, MERCHANT, id);
    await runPaymentSteps(s.d.deps);
    expect(s.d.gateway.calls.filter((c) => c.op === 'capture')).toEqual([{ op: 'capture', key: `delivery-${id}-auth-2-capture` }]);
    expect(s.outbox.types()).toContain('DeliveryOrderChanged');
  });

  it('the same total: written at once, no gateway call', async () => {
    const calls = s.d.gateway.calls.length;
    const changed = await changeDeliveryOrder(s.d.deps, CUSTOMER, { orderId: id, items: [{ menuItemId: RAMYEON, quantity: 1 }, { menuItemId: KIMBAP, quantity: 2 }] });
    expect(changed.order).toMatchObject({ total: 14_000, payment: { attempt: 1 }, version: 3 });
    expect(s.d.gateway.calls).toHaveLength(calls);
  });

  it('the breaker open: nothing changes, PAYMENT_TEMPORARILY_UNAVAILABLE', async () => {
    const before = s.state();
    s.d.gateway.next = ['unavailable'];
    const answer = await changeDeliveryOrder(s.d.deps, CUSTOMER, { orderId: id, items: [{ menuItemId: KIMBAP, quantity: 1 }] });
    expect(answer.userErrors).toEqual([expect.objectContaining({ code: 'PAYMENT_TEMPORARILY_UNAVAILABLE' })]);
    expect(s.state()).toEqual(before);
  });

  it('refusals change nothing: after cooking started, 11 items, another store', async () => {
    const before = s.state();
    expect(await refusal(changeDeliveryOrder(s.d.deps, CUSTOMER, { orderId: id, items: [{ menuItemId: KIMBAP, quantity: 11 }] })))
      .toEqual([expect.objectContaining({ code: 'TOO_MANY_ITEMS' })]);
    expect(await refusal(changeDeliveryOrder(s.d.deps, CUSTOMER, { orderId: id, items: [{ menuItemId: ELSEWHERE, quantity: 1 }] })))
      .toEqual([expect.objectContaining({ code: 'MULTIPLE_STORES' })]);
    expect(s.state()).toEqual(before);
    await acceptDeliveryOrder(s.d.deps, MERCHANT, { orderId: id, estimatedMinutes: 5 });
    await startCooking(s.d.deps, MERCHANT, id);
    const cooking = s.state();
    expect(await refusal(changeDeliveryOrder(s.d.deps, CUSTOMER, { orderId: id, items: [{ menuItemId: KIMBAP, quantity: 1 }] })))
      .toEqual([expect.objectContaining({ code: 'ORDER_ALREADY_COOKING' })]);
    expect(s.state()).toEqual(cooking);
  });
});

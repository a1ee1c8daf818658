import { refusal } from '../../../../test/support/fakes';
import { CUSTOMER, deliveryShop, MERCHANT, order, OTHER_MERCHANT, type Shop } from '../delivery.spec-support';
import { placeDeliveryOrder } from './place-delivery-order/place-delivery-order.handler';
import { acceptDeliveryOrder } from './accept-delivery-order/accept-delivery-order.handler';
import { rejectDeliveryOrder } from './reject-delivery-order/reject-delivery-order.handler';
import { startCooking } from './start-cooking/start-cooking.handler';
import { finishCooking } from './finish-cooking/finish-cooking.handler';
import { cancelDeliveryOrder } from './cancel-delivery-order/cancel-delivery-order.handler';
import { retryDeliveryPayment } from './retry-delivery-payment/retry-delivery-payment.handler';

/** The merchant's and the customer's moves of the state machine, on the fakes. */
describe('delivery order transitions', () => {
  let s: Shop;
  let id: string;
  beforeEach(async () => {
    s = deliveryShop();
    id = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order())).order.id;
  });

  it('accept → startCooking (owes one CAPTURE) → finishCooking, each a version step with history', async () => {
    const accepted = await acceptDeliveryOrder(s.d.deps, MERCHANT, { orderId: id, estimatedMinutes: 20 });
    expect(accepted).toMatchObject({ status: 'ACCEPTED', version: 3, estimatedReadyAt: new Date(s.clock.now().getTime() + 20 * 60_000).toISOString() });
    await startCooking(s.d.deps, MERCHANT, id);
    const ready = await finishCooking(s.d.deps, MERCHANT, id);
    expect(ready).toMatchObject({ status: 'READY_FOR_PICKUP', version: 5 });
    expect(ready.history.map((h) => h.status)).toEqual(['AWAITING_PAYMENT', 'PAID', 'ACCEPTED', 'COOKING', 'READY_FOR_PICKUP']);
    expect(s.d.steps.ofOrder(id).map((r) => r.step)).toEqual(['CAPTURE']);
    expect(s.outbox.types().slice(2)).toEqual(['DeliveryOrderAccepted', 'DeliveryOrderCookingStarted', 'DeliveryOrderReadyForPickup']);
  });

  it('an illegal move → ORDER_STATE_CONFLICT naming the current status, nothing written', async () => {
    const before = s.state();
    expect(await refusal(startCooking(s.d.deps, MERCHANT, id))).toEqual([expect.objectContaining({ code: 'ORDER_STATE_CONFLICT', message: expect.stringContaining('PAID') })]);
    expect(await refusal(finishCooking(s.d.deps, MERCHANT, id))).toEqual([expect.objectContaining({ code: 'ORDER_STATE_CONFLICT' })]);
    expect(s.state()).toEqual(before);
  });

  it("another merchant → FORBIDDEN; another customer → NOT_FOUND; nothing written", async () => {
    const before = s.state();
    expect(await refusal(acceptDeliveryOrder(s.d.deps, OTHER_MERCHANT, { orderId: id, estimatedMinutes: 5 }))).toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'orderId'] })]);
    expect(await refusal(cancelDeliveryOrder(s.d.deps, OTHER_MERCHANT, id))).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect(s.state()).toEqual(before);
  });

  it('cancel before cooking owes a VOID; after cooking starts → ORDER_ALREADY_COOKING', async () => {
    expect((await cancelDeliveryOrder(s.d.deps, CUSTOMER, id)).status).toBe('CANCELLED');
    expect(s.d.steps.ofOrder(id).map((r) => r.step)).toEqual(['VOID']);
    const other = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ idempotencyKey: 'order-2' }))).order.id;
    await acceptDeliveryOrder(s.d.deps, MERCHANT, { orderId: other, estimatedMinutes: 5 });
    await startCooking(s.d.deps, MERCHANT, other);
    expect(await refusal(cancelDeliveryOrder(s.d.deps, CUSTOMER, other))).toEqual([expect.objectContaining({ code: 'ORDER_ALREADY_COOKING' })]);
  });

  it('reject owes a VOID and keeps the reason', async () => {
    const rejected = await rejectDeliveryOrder(s.d.deps, { kind: 'merchant', userId: MERCHANT }, id, ' out of rice ');
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: 'out of rice' });
    expect(s.d.steps.ofOrder(id)).toEqual([expect.objectContaining({ step: 'VOID', authorizationId: expect.stringMatching(/^auth_/) })]);
  });

  it('retryDeliveryPayment: the same key while the outcome is unknown, a new key only after a decline', async () => {
    s.d.gateway.next = ['lost'];
    const waiting = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ idempotencyKey: 'order-3' }))).order;
    expect(waiting.status).toBe('AWAITING_PAYMENT');
    const paid = await retryDeliveryPayment(s.d.deps, CUSTOMER, { orderId: waiting.id });
    expect(paid.order.status).toBe('PAID');
    expect(s.d.gateway.calls.filter((c) => c.op === 'authorize').slice(-2).map((c) => c.key)).toEqual([`delivery-${waiting.id}-auth-1`, `delivery-${waiting.id}-auth-1`]);

    const declined = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ idempotencyKey: 'order-4', cardToken: 'tok_declined' }))).order;
    const again = await retryDeliveryPayment(s.d.deps, CUSTOMER, { orderId: declined.id, cardToken: 'tok_ok' });
    expect(again.order).toMatchObject({ status: 'PAID', payment: { attempt: 2, cardToken: 'tok_ok' } });
    expect(s.d.gateway.calls.at(-1)?.key).toBe(`delivery-${declined.id}-auth-2`);
    const calls = s.d.gateway.calls.length;
    expect((await retryDeliveryPayment(s.d.deps, CUSTOMER, { orderId: declined.id })).order.status).toBe('PAID'); // paid already: as it is
    expect(s.d.gateway.calls).toHaveLength(calls);
    await cancelDeliveryOrder(s.d.deps, CUSTOMER, waiting.id);
    expect(await refusal(retryDeliveryPayment(s.d.deps, CUSTOMER, { orderId: waiting.id }))).toEqual([expect.objectContaining({ code: 'ORDER_STATE_CONFLICT' })]);
  });
});

import { CUSTOMER, deliveryShop, MERCHANT, order, type Shop } from '../delivery.spec-support';
import { placeDeliveryOrder } from '../commands/place-delivery-order/place-delivery-order.handler';
import { acceptDeliveryOrder } from '../commands/accept-delivery-order/accept-delivery-order.handler';
import { startCooking } from '../commands/start-cooking/start-cooking.handler';
import { cancelDeliveryOrder } from '../commands/cancel-delivery-order/cancel-delivery-order.handler';
import { runPaymentSteps } from './payment-steps';
import { reconcilePayments } from './reconcile-payments';
import { rejectUnaccepted } from './reject-unaccepted';

describe('the delivery saga worker, on the fakes', () => {
  let s: Shop;
  beforeEach(() => {
    s = deliveryShop();
  });

  it('runs an owed capture once with its own key, then the step is DONE and the order CAPTURED; a second round does nothing', async () => {
    const id = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order())).order.id;
    await acceptDeliveryOrder(s.d.deps, MERCHANT, { orderId: id, estimatedMinutes: 5 });
    await startCooking(s.d.deps, MERCHANT, id);
    expect(await runPaymentSteps(s.d.deps)).toBe(1);
    expect(await runPaymentSteps(s.d.deps)).toBe(0);
    expect(s.d.gateway.calls.filter((c) => c.op === 'capture')).toEqual([{ op: 'capture', key: `delivery-${id}-auth-1-capture` }]);
    expect(s.d.orders.rows.get(id)?.payment.status).toBe('CAPTURED');
    expect(s.outbox.types().at(-1)).toBe('DeliveryPaymentCaptured');
  });

  it('a void owed while the authorization was unknown looks it up by key first; none → nothing to do', async () => {
    s.d.gateway.next = ['unknown', 'lost'];
    const taken = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order())).order.id;
    const notTaken = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ idempotencyKey: 'k2' }))).order.id;
    await cancelDeliveryOrder(s.d.deps, CUSTOMER, taken);
    await cancelDeliveryOrder(s.d.deps, CUSTOMER, notTaken);
    await runPaymentSteps(s.d.deps);
    expect(s.d.gateway.count('void')).toBe(1);
    expect(s.d.orders.rows.get(taken)?.payment.status).toBe('VOIDED');
    expect(s.d.steps.ofOrder(notTaken)[0].status).toBe('NOTHING_TO_DO');
  });

  it('the reconciler settles an unknown outcome by lookup (never a second authorization) and leaves an untaken one waiting', async () => {
    s.d.gateway.next = ['unknown', 'lost'];
    const taken = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order())).order.id;
    const notTaken = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ idempotencyKey: 'k2' }))).order.id;
    expect(await reconcilePayments(s.d.deps)).toEqual({ settled: 0, notFound: 0 }); // too young: their own requests may still answer
    s.clock.advance(5_000);
    expect(await reconcilePayments(s.d.deps)).toEqual({ settled: 1, notFound: 1 });
    expect(s.d.orders.rows.get(taken)?.status).toBe('PAID');
    expect(s.d.orders.rows.get(notTaken)?.status).toBe('AWAITING_PAYMENT');
    expect(s.d.gateway.count('authorize')).toBe(2);
  });

  it('orders never sent (no authorization at the gateway) cannot starve a later unknown outcome: least recently checked first', async () => {
    s.d.gateway.next = ['unavailable', 'unavailable', 'unknown'];
    await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ idempotencyKey: 'never-1' }));
    await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ idempotencyKey: 'never-2' }));
    s.clock.advance(1);
    const taken = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order({ idempotencyKey: 'taken' }))).order.id;
    s.clock.advance(5_000);
    expect(await reconcilePayments(s.d.deps, 2)).toEqual({ settled: 0, notFound: 2 }); // the two oldest, never sent
    expect(await reconcilePayments(s.d.deps, 2)).toEqual({ settled: 1, notFound: 0 }); // they wait their recheck; the unknown one is next
    expect(s.d.orders.rows.get(taken)?.status).toBe('PAID');
  });

  it('a PAID order nobody accepts within the timeout is REJECTED and owes a VOID', async () => {
    const id = (await placeDeliveryOrder(s.d.deps, CUSTOMER, order())).order.id;
    expect(await rejectUnaccepted(s.d.deps, 600)).toBe(0);
    s.clock.advance(601_000);
    expect(await rejectUnaccepted(s.d.deps, 600)).toBe(1);
    expect(s.d.orders.rows.get(id)).toMatchObject({ status: 'REJECTED', rejectReason: 'Not accepted in time' });
    await runPaymentSteps(s.d.deps);
    expect(s.d.orders.rows.get(id)?.payment.status).toBe('VOIDED');
  });
});

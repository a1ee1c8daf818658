import { startTestApp, type TestApp } from '../support/test-app';
import { adminToken } from '../support/actors';
import { NO_RATE_LIMITS } from '../support/shopper';
import { raceCancels, raceForStock, raceOneKey, racePayAgainstCancel, raceToPay, type Target } from '../support/commerce-races';

/** Issue 3's races against one API process (the two-process variant: commerce-processes.e2e.spec.ts). */
let app: TestApp;
let target: Target;

beforeAll(async () => {
  app = await startTestApp(NO_RATE_LIMITS);
  target = { urls: [app.url], pool: app.services.pool, admin: await adminToken(app) };
});
afterAll(() => app.stop());

describe('races on one API process', () => {
  it('100 distinct users order a product with stock 10 at once: exactly 10 succeed, 90 OUT_OF_STOCK, stock ends at 0', async () => {
    const r = await raceForStock(target, 100, 10);
    expect(r.succeeded).toBe(10);
    expect(r.outOfStock).toBe(90);
    expect(r.fields).toEqual(new Set(['["input","items","0","quantity"]']));
    expect(r.finalStock).toBe(0);
    expect(r.lowest).toBeGreaterThanOrEqual(0);
    expect(r.held).toEqual({ orders: 10, units: 10 });
    expect(r.heldEvents).toBe(10);
    expect(r.readModel).toBe(0);
  });

  it('checkout: 60 users, 20 units: exactly 20 paid', async () => {
    const r = await raceForStock(target, 60, 20, 'checkout');
    expect(r).toMatchObject({ succeeded: 20, outOfStock: 40, finalStock: 0, held: { orders: 20, units: 20 }, paidWithPayment: 20 });
    expect(r.lowest).toBeGreaterThanOrEqual(0);
  });

  it('one user pays 20 PENDING orders at once with balance for 5: exactly 5 PAID, balance 0, ledger = balance', async () => {
    const r = await raceToPay(target, 20, 5);
    expect(r.paid).toBe(5);
    expect(r.insufficient).toBe(15);
    expect(r.statuses).toEqual({ PAID: 5, PENDING: 15 });
    expect(r.money).toEqual({ balance: 0, ledger: 0, payments: 5, refunds: 0 });
  });

  it('50 concurrent chargePoints with one idempotencyKey: the balance rises once, every answer is the same', async () => {
    const r = await raceOneKey(target, 50, 10_000);
    expect(r.money).toMatchObject({ balance: 10_000, ledger: 10_000 });
    expect(r.charges).toBe(1);
    expect([...r.answers]).toEqual([JSON.stringify({ wallet: { balance: 10_000, version: 1 }, userErrors: [] })]);
  });

  it('payOrder raced with cancelOrder: one outcome per order, money and stock conserved', async () => {
    const r = await racePayAgainstCancel(target, 15);
    expect(r.statuses).toEqual(['CANCELLED']);
    for (const o of r.outcomes) {
      expect(o.cancelled).toBe(true);
      if (o.paid) {
        expect(o.cancelRefunded).toBe(true);
        expect(o.ledger).toEqual(['PAYMENT', 'REFUND']);
      } else {
        expect(o.payRefusal).toBe('ORDER_NOT_PAYABLE');
        expect(o.ledger).toEqual([]);
      }
    }
    expect(r.money.balance).toBe(r.startBalance);
    expect(r.money.ledger).toBe(r.money.balance);
    expect(r.stock).toBe(r.startStock);
  });

  it('10 concurrent cancels of one PAID order: one refund, stock returned once', async () => {
    const r = await raceCancels(target, 10);
    expect(r.succeeded).toBe(1);
    expect(r.notCancellable).toBe(9);
    expect(r.money).toEqual({ balance: 10_000, ledger: 10_000, payments: 1, refunds: 1 });
    expect(r.stock).toBe(10);
  });
});

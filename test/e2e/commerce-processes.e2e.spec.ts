import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminToken } from '../support/actors';
import { NO_RATE_LIMITS } from '../support/shopper';
import { raceForStock, raceOneKey, racePayAgainstCancel, raceToPay, type Target } from '../support/commerce-races';

/**
 * The same races with two API processes (separate Node processes, own connection pools) sharing
 * Postgres, Redis and NATS; requests alternate between them. This test's in-process app runs
 * the relay, projector and worker roles that carry events to the read model.
 */
let app: TestApp;
let apis: SpawnedApp[] = [];
let target: Target;

beforeAll(async () => {
  app = await startTestApp({ ...NO_RATE_LIMITS, DATABASE_POOL_MAX: '6' });
  // Two pools of 6 per process: three processes stay well under Postgres' 100 connections.
  const env = { ROLES: 'api', DATABASE_POOL_MAX: '6', ...NO_RATE_LIMITS };
  apis = await Promise.all([spawnApp(env), spawnApp(env)]);
  target = { urls: apis.map((a) => a.url), pool: app.services.pool, admin: await adminToken(app) };
}, 60_000);
afterAll(async () => {
  await Promise.all(apis.map((a) => a.stop()));
  await app.stop();
});

describe('races across two API processes', () => {
  it('100 users, stock 10: exactly 10 orders, stock 0, never negative', async () => {
    const r = await raceForStock(target, 100, 10);
    expect(r).toMatchObject({ succeeded: 10, outOfStock: 90, finalStock: 0, held: { orders: 10, units: 10 }, heldEvents: 10, readModel: 0 });
    expect(r.lowest).toBeGreaterThanOrEqual(0);
  });

  it('20 payments with balance for 5: exactly 5 PAID, ledger = balance = 0', async () => {
    const r = await raceToPay(target, 20, 5);
    expect(r).toMatchObject({ paid: 5, insufficient: 15, statuses: { PAID: 5, PENDING: 15 } });
    expect(r.money).toEqual({ balance: 0, ledger: 0, payments: 5, refunds: 0 });
  });

  it('50 chargePoints with one key over both processes: charged once', async () => {
    const r = await raceOneKey(target, 50, 10_000);
    expect(r.charges).toBe(1);
    expect(r.money).toMatchObject({ balance: 10_000, ledger: 10_000 });
    expect(r.answers.size).toBe(1);
  });

  it('payOrder on one process against cancelOrder on the other: money and stock conserved', async () => {
    const r = await racePayAgainstCancel(target, 15);
    expect(r.statuses).toEqual(['CANCELLED']);
    for (const o of r.outcomes) {
      expect(o.cancelled).toBe(true);
      expect(o.ledger).toEqual(o.paid ? ['PAYMENT', 'REFUND'] : []);
    }
    expect(r.money).toMatchObject({ balance: r.startBalance, ledger: r.startBalance });
    expect(r.stock).toBe(r.startStock);
  });
});

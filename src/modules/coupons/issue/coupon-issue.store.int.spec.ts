import { newId } from '../../../shared/ids';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { pgOutbox } from '../../../shared/outbox';
import { issueBatch as issueBatchIn, type Claim } from './coupon-issue.store';

/** The batch statement against Postgres: who wins, who is told what, and the counter = rows. */
describe('issueBatch (one statement per batch of claims)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  /** The batch and its events' outbox rows in one transaction, as the batcher runs them. */
  const issueBatch = (_pool: unknown, campaignId: string, at: Date, claims: Claim[]) =>
    app.services.write.transactions.withTransaction(async (tx) => {
      const { results, events } = await issueBatchIn(tx, campaignId, at, claims);
      await pgOutbox.append(tx, events);
      return results;
    });

  const now = new Date();
  const claim = (userId: string, at = now): Claim => ({ userId, issuedAt: at, expiresAt: new Date(at.getTime() + 86_400_000) });
  async function campaign(total: number, window: { starts?: Date; ends?: Date } = {}) {
    const id = newId();
    await app.services.pool.query(
      `insert into coupon_campaigns (id, name, discount_type, discount_value, total_quantity, starts_at, ends_at, coupon_valid_days, min_order_amount, created_at)
       values ($1, 'batch', 'FIXED', 3000, $2, $3, $4, 1, 10000, $5)`,
      [id, total, window.starts ?? new Date(now.getTime() - 60_000), window.ends ?? new Date(now.getTime() + 60_000), now],
    );
    return id;
  }
  async function state(id: string) {
    const { rows } = await app.services.pool.query(
      `select issued_quantity as counter, version, (select count(*)::int from coupons where campaign_id = $1) as rows,
              (select count(*)::int from outbox where event->>'aggregateId' = $1::text and subject = 'CouponCampaign.CouponIssued') as events
         from coupon_campaigns where id = $1`, [id]);
    return rows[0];
  }

  it('first come first served inside a batch: the first N fresh users win, in arrival order', async () => {
    const id = await campaign(2);
    const [a, b, c] = [newId(), newId(), newId()];
    const results = await issueBatch(app.services.pool, id, now, [claim(a), claim(a), claim(b), claim(c)]);
    expect(results.map((r) => r.outcome)).toEqual(['ISSUED', 'ALREADY_ISSUED', 'ISSUED', 'EXHAUSTED']);
    expect(results[0]).toMatchObject({ coupon: { userId: a, discountType: 'FIXED', discountValue: 3000, minOrderAmount: 10000 }, issuedQuantity: 2, totalQuantity: 2 });
    expect(await state(id)).toEqual({ counter: 2, version: 3, rows: 2, events: 2 });
  });

  it('holders hear ALREADY_ISSUED, newcomers EXHAUSTED once sold out, and nothing is written', async () => {
    const id = await campaign(1);
    const a = newId();
    await issueBatch(app.services.pool, id, now, [claim(a)]);
    const results = await issueBatch(app.services.pool, id, now, [claim(newId()), claim(a)]);
    expect(results.map((r) => r.outcome)).toEqual(['EXHAUSTED', 'ALREADY_ISSUED']);
    expect(await state(id)).toEqual({ counter: 1, version: 2, rows: 1, events: 1 });
  });

  it('answers NOT_ACTIVE outside the window and NOT_FOUND for an unknown campaign', async () => {
    const later = await campaign(5, { starts: new Date(now.getTime() + 60_000), ends: new Date(now.getTime() + 120_000) });
    expect((await issueBatch(app.services.pool, later, now, [claim(newId())]))[0].outcome).toBe('NOT_ACTIVE');
    expect((await issueBatch(app.services.pool, newId(), now, [claim(newId())]))[0].outcome).toBe('NOT_FOUND');
    expect(await state(later)).toEqual({ counter: 0, version: 1, rows: 0, events: 0 });
  });

  it('concurrent batches for the same users never issue twice and keep counter = rows', async () => {
    const id = await campaign(50);
    const users = Array.from({ length: 40 }, () => newId());
    const batches = await Promise.all(Array.from({ length: 6 }, () => issueBatch(app.services.pool, id, now, users.map((u) => claim(u)))));
    const issued = batches.flat().filter((r) => r.outcome === 'ISSUED').length;
    expect(issued).toBe(40);
    // A batch that waited for the lock read `held` before the winner committed: its users then
    // meet the unique index (ALREADY_ISSUED), or, cut by a limit that left slots, are told RETRY.
    expect(batches.flat().filter((r) => r.outcome !== 'ISSUED').every((r) => r.outcome === 'ALREADY_ISSUED' || r.outcome === 'RETRY')).toBe(true);
    expect(await state(id)).toEqual({ counter: 40, version: 41, rows: 40, events: 40 });
  });
});

import { newId } from '../../../shared/ids';
import type { Tx } from '../../../shared/tx';
import { ErrorCode, UserFacingError } from '../../../shared/user-error';
import { CouponsErrorCode } from '../domain/coupon-errors';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { reserveCouponForOrder as reserveWith } from '../coupon-for-order';
import { pgCouponUsage, type CouponOrderArgs, type ReserveCouponArgs } from './coupon-usage.store';

const reserveCouponForOrder = (tx: Tx, args: ReserveCouponArgs) => reserveWith(pgCouponUsage, tx, args);
const markCouponUsed = (tx: Tx, args: CouponOrderArgs) => pgCouponUsage.markUsed(tx, args);
const releaseCoupon = (tx: Tx, args: CouponOrderArgs) => pgCouponUsage.release(tx, args);

const DAY = 24 * 3600 * 1000;
const now = new Date();

describe('coupon usage (reserve / use / release) against Postgres', () => {
  let app: TestApp;
  let campaignId: string;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api' });
    campaignId = newId();
    await app.services.pool.query(
      `insert into coupon_campaigns (id, name, discount_type, discount_value, total_quantity, issued_quantity,
         starts_at, ends_at, coupon_valid_days, min_order_amount, created_at)
       values ($1, 'usage', 'PERCENT', 10, 1000, 0, $2, $3, 7, 30000, $2)`,
      [campaignId, new Date(now.getTime() - DAY), new Date(now.getTime() + DAY)],
    );
  });
  afterAll(() => app?.stop());

  const em = () => ({ transactional: <T>(work: (tx: Tx) => Promise<T>) => app.services.write.transactions.withTransaction(work) });
  async function coupon(opts: { type?: 'PERCENT' | 'FIXED'; value?: number; min?: number; expiresAt?: Date } = {}) {
    const id = newId();
    const userId = newId();
    await app.services.pool.query(
      `insert into coupons (id, campaign_id, user_id, discount_type, discount_value, min_order_amount, issued_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, campaignId, userId, opts.type ?? 'PERCENT', opts.value ?? 10, opts.min ?? 30_000, now, opts.expiresAt ?? new Date(now.getTime() + 7 * DAY)],
    );
    return { id, userId };
  }
  const row = async (id: string) => (await app.services.pool.query('select status, order_id, used_at from coupons where id = $1', [id])).rows[0];
  async function reserveError(p: Promise<unknown>) {
    const err = await p.then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    return (err as UserFacingError).errors[0];
  }

  it('10% on 45,000 reserves with discount 4,500, then payment marks it USED', async () => {
    const c = await coupon();
    const orderId = newId();
    await expect(em().transactional((tx) => reserveCouponForOrder(tx, { couponId: c.id, userId: c.userId, orderId, subtotal: 45_000, now })))
      .resolves.toEqual({ discount: 4_500 });
    expect(await row(c.id)).toMatchObject({ status: 'RESERVED', order_id: orderId });
    expect(await em().transactional((tx) => markCouponUsed(tx, { couponId: c.id, orderId, now }))).toBe(true);
    expect(await row(c.id)).toMatchObject({ status: 'USED', order_id: orderId });
    expect((await row(c.id)).used_at).not.toBeNull();
    // A retried payment is harmless; another order cannot mark it; a used coupon cannot be released or reserved.
    expect(await em().transactional((tx) => markCouponUsed(tx, { couponId: c.id, orderId, now }))).toBe(true);
    expect(await em().transactional((tx) => markCouponUsed(tx, { couponId: c.id, orderId: newId(), now }))).toBe(false);
    expect(await em().transactional((tx) => releaseCoupon(tx, { couponId: c.id, orderId, now }))).toBeNull();
    const again = await reserveError(em().transactional((tx) => reserveCouponForOrder(tx, { couponId: c.id, userId: c.userId, orderId: newId(), subtotal: 45_000, now })));
    expect(again).toMatchObject({ code: CouponsErrorCode.COUPON_NOT_USABLE, field: ['input', 'couponId'] });
  });

  it('FIXED never exceeds the subtotal', async () => {
    const c = await coupon({ type: 'FIXED', value: 50_000, min: 0 });
    await expect(em().transactional((tx) => reserveCouponForOrder(tx, { couponId: c.id, userId: c.userId, orderId: newId(), subtotal: 12_000, now })))
      .resolves.toEqual({ discount: 12_000 });
  });

  it('release returns a reserved coupon to AVAILABLE, or EXPIRED when the coupon itself expired', async () => {
    const c = await coupon();
    const orderId = newId();
    await em().transactional((tx) => reserveCouponForOrder(tx, { couponId: c.id, userId: c.userId, orderId, subtotal: 30_000, now }));
    expect(await em().transactional((tx) => releaseCoupon(tx, { couponId: c.id, orderId: newId(), now }))).toBeNull(); // not that order's
    expect(await em().transactional((tx) => releaseCoupon(tx, { couponId: c.id, orderId, now }))).toBe('AVAILABLE');
    expect(await row(c.id)).toMatchObject({ status: 'AVAILABLE', order_id: null });
    expect(await em().transactional((tx) => releaseCoupon(tx, { couponId: c.id, orderId, now }))).toBeNull(); // twice: no-op

    const soon = await coupon({ expiresAt: new Date(now.getTime() + 60_000) });
    const order2 = newId();
    await em().transactional((tx) => reserveCouponForOrder(tx, { couponId: soon.id, userId: soon.userId, orderId: order2, subtotal: 30_000, now }));
    const later = new Date(now.getTime() + 120_000);
    expect(await em().transactional((tx) => releaseCoupon(tx, { couponId: soon.id, orderId: order2, now: later }))).toBe('EXPIRED');
    expect(await row(soon.id)).toMatchObject({ status: 'EXPIRED', order_id: null });
  });

  it('refuses unknown, someone else\'s, reserved, expired and under-minimum coupons', async () => {
    const args = (c: { id: string; userId: string }, extra: Partial<{ subtotal: number; now: Date; userId: string }> = {}) =>
      ({ couponId: c.id, userId: c.userId, orderId: newId(), subtotal: 45_000, now, ...extra });
    const reserve = (a: ReserveCouponArgs) => em().transactional((tx) => reserveCouponForOrder(tx, a));

    expect(await reserveError(reserve(args({ id: newId(), userId: newId() })))).toMatchObject({ code: ErrorCode.NOT_FOUND, field: ['input', 'couponId'] });
    const c = await coupon();
    expect(await reserveError(reserve(args(c, { userId: newId() })))).toMatchObject({ code: 'NOT_FOUND', message: 'No such coupon' });
    expect(await reserveError(reserve(args(c, { subtotal: 29_999 })))).toMatchObject({ code: CouponsErrorCode.COUPON_NOT_USABLE, message: expect.stringMatching(/at least 30000/) });
    expect(await reserveError(reserve(args(c, { now: new Date(now.getTime() + 8 * DAY) })))).toMatchObject({ code: CouponsErrorCode.COUPON_NOT_USABLE, message: expect.stringMatching(/expired/) });
    await reserve(args(c));
    expect(await reserveError(reserve(args(c)))).toMatchObject({ code: CouponsErrorCode.COUPON_NOT_USABLE, message: expect.stringMatching(/another order/) });
  });

  it('a coupon raced into 10 orders at once goes to exactly one', async () => {
    const c = await coupon();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () =>
      em().transactional((tx) => reserveCouponForOrder(tx, { couponId: c.id, userId: c.userId, orderId: newId(), subtotal: 45_000, now }))));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof UserFacingError && r.reason.errors[0].code === CouponsErrorCode.COUPON_NOT_USABLE)).toBe(true);
    const { rows } = await app.services.pool.query(`select count(*)::int n from coupons where id = $1 and status = 'RESERVED'`, [c.id]);
    expect(rows[0].n).toBe(1);
  });

  it('a rolled-back order transaction leaves the coupon AVAILABLE', async () => {
    const c = await coupon();
    await expect(em().transactional(async (tx) => {
      await reserveCouponForOrder(tx, { couponId: c.id, userId: c.userId, orderId: newId(), subtotal: 45_000, now });
      throw new Error('payment step failed');
    })).rejects.toThrow('payment step failed');
    expect(await row(c.id)).toMatchObject({ status: 'AVAILABLE', order_id: null });
  });
});

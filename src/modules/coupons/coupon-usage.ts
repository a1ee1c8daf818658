import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, UserFacingError, userError } from '../../shared/user-error';
import { discountFor, type DiscountType } from './domain/discount';

/**
 * The port the ordering context uses to spend a coupon. Every call takes the caller's
 * transaction EntityManager and runs plain SQL through it (em.execute), so the coupon moves
 * together with the order or not at all. Each transition is one conditional UPDATE on the
 * coupon row: two orders racing for one coupon cannot both match `status = 'AVAILABLE'`.
 *
 *   AVAILABLE ──reserve(order)──▶ RESERVED ──markUsed(order)──▶ USED
 *        ▲                            │
 *        └───────release(order)───────┘   (→ EXPIRED instead if the coupon itself expired)
 */

const FIELD = ['input', 'couponId'];

export interface ReserveCouponArgs {
  couponId: string;
  userId: string;
  orderId: string;
  /** The order's subtotal in won, before the discount. */
  subtotal: number;
  now: Date;
}

interface CouponRow {
  user_id: string;
  status: string;
  order_id: string | null;
  expires_at: Date;
  min_order_amount: number;
  discount_type: DiscountType;
  discount_value: number;
}

/**
 * AVAILABLE → RESERVED for `orderId`; returns the discount the order gets.
 * Throws UserFacingError: NOT_FOUND for an unknown coupon, COUPON_NOT_USABLE for someone
 * else's, a used / reserved / expired coupon, or a subtotal under the coupon's minimum.
 */
export async function reserveCouponForOrder(em: EntityManager, args: ReserveCouponArgs): Promise<{ discount: number }> {
  const { couponId, userId, orderId, subtotal, now } = args;
  const won: Pick<CouponRow, 'discount_type' | 'discount_value'>[] = await em.execute(
    `update coupons set status = 'RESERVED', order_id = ?, reserved_at = ?, version = version + 1
     where id = ? and user_id = ? and status = 'AVAILABLE' and expires_at > ? and min_order_amount <= ?
     returning discount_type, discount_value`,
    [orderId, now, couponId, userId, now, subtotal],
  );
  if (won.length === 1) {
    return { discount: discountFor({ discountType: won[0].discount_type, discountValue: won[0].discount_value }, subtotal) };
  }
  // Lost: read the row only to say why (the update above already decided).
  const rows: CouponRow[] = await em.execute(
    `select user_id, status, order_id, expires_at, min_order_amount, discount_type, discount_value from coupons where id = ?`,
    [couponId],
  );
  throw new UserFacingError([whyNotUsable(rows[0], userId, subtotal, now)]);
}

function whyNotUsable(row: CouponRow | undefined, userId: string, subtotal: number, now: Date) {
  if (!row) return userError(ErrorCode.NOT_FOUND, 'No such coupon', FIELD);
  const unusable = (message: string) => userError(ErrorCode.COUPON_NOT_USABLE, message, FIELD);
  if (row.user_id !== userId) return unusable('This coupon belongs to someone else');
  if (row.status === 'USED') return unusable('This coupon has already been used');
  if (row.status === 'RESERVED') return unusable('This coupon is held by another order');
  if (row.status === 'EXPIRED' || new Date(row.expires_at).getTime() <= now.getTime()) return unusable('This coupon has expired');
  if (subtotal < row.min_order_amount) {
    return unusable(`This coupon needs an order of at least ${row.min_order_amount} won`);
  }
  // The row changed between the update and this read (e.g. released just now): still a loss.
  return unusable('This coupon cannot be used right now');
}

export interface CouponOrderArgs {
  couponId: string;
  orderId: string;
  now: Date;
}

/**
 * RESERVED (for `orderId`) → USED. Returns true when the coupon is now USED by that order
 * (also when it already was: a retried payment is harmless), false when it is not held by
 * that order at all — the caller decides whether that is an error.
 */
export async function markCouponUsed(em: EntityManager, args: CouponOrderArgs): Promise<boolean> {
  const rows: { order_id: string }[] = await em.execute(
    `update coupons set status = 'USED', used_at = ?, version = version + 1
     where id = ? and order_id = ? and status = 'RESERVED'
     returning order_id`,
    [args.now, args.couponId, args.orderId],
  );
  if (rows.length === 1) return true;
  const used: unknown[] = await em.execute(
    `select 1 from coupons where id = ? and order_id = ? and status = 'USED'`, [args.couponId, args.orderId],
  );
  return used.length === 1;
}

/**
 * RESERVED (for `orderId`) → AVAILABLE, or → EXPIRED when the coupon's own validity ran out
 * meanwhile. Returns the coupon's new status, or null when that order did not hold it
 * (already released, or never reserved): releasing twice is a no-op.
 */
export async function releaseCoupon(em: EntityManager, args: CouponOrderArgs): Promise<'AVAILABLE' | 'EXPIRED' | null> {
  const rows: { status: 'AVAILABLE' | 'EXPIRED' }[] = await em.execute(
    `update coupons
        set status = case when expires_at <= ? then 'EXPIRED' else 'AVAILABLE' end,
            order_id = null, reserved_at = null, version = version + 1
      where id = ? and order_id = ? and status = 'RESERVED'
      returning status`,
    [args.now, args.couponId, args.orderId],
  );
  return rows[0]?.status ?? null;
}

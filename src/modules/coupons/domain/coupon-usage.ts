import { ErrorCode, userError, type UserErrorData } from '../../../shared/user-error';
import { CouponsErrorCode } from './coupon-errors';

/**
 * A coupon's life on an order. Each transition is one conditional UPDATE on the coupon row
 * (stores/coupon-usage.store.ts): two orders racing for one coupon cannot both match
 * `status = 'AVAILABLE'`.
 *
 *   AVAILABLE ──reserve(order)──▶ RESERVED ──markUsed(order)──▶ USED
 *        ▲                            │
 *        └───────release(order)───────┘   (→ EXPIRED instead if the coupon itself expired)
 */
export interface CouponState {
  userId: string;
  status: string;
  expiresAt: Date;
  minOrderAmount: number;
}

const FIELD = ['input', 'couponId'];

/** Why a reserve lost, read after the conditional update already decided. */
export function whyNotUsable(row: CouponState | null, userId: string, subtotal: number, now: Date): UserErrorData {
  // Someone else's coupon is answered exactly as an unknown id: a different answer told anyone
  // probing ids which coupons exist.
  if (!row || row.userId !== userId) return userError(ErrorCode.NOT_FOUND, 'No such coupon', FIELD);
  const unusable = (message: string) => userError(CouponsErrorCode.COUPON_NOT_USABLE, message, FIELD);
  if (row.status === 'USED') return unusable('This coupon has already been used');
  if (row.status === 'RESERVED') return unusable('This coupon is held by another order');
  if (row.status === 'EXPIRED' || new Date(row.expiresAt).getTime() <= now.getTime()) return unusable('This coupon has expired');
  if (subtotal < row.minOrderAmount) return unusable(`This coupon needs an order of at least ${row.minOrderAmount} won`);
  // The row changed between the update and this read (e.g. released just now): still a loss.
  return unusable('This coupon cannot be used right now');
}

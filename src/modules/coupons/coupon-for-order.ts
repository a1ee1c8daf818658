import { UserFacingError } from '../../shared/user-error';
import type { Tx } from '../../shared/tx';
import { discountFor } from './domain/discount';
import { whyNotUsable } from './domain/coupon-usage';
import type { CouponUsageStore, ReserveCouponArgs } from './stores/coupon-usage.store';

/**
 * AVAILABLE → RESERVED for the order; the discount it gets. Throws UserFacingError: NOT_FOUND
 * for an unknown coupon or someone else's (the same answer), COUPON_NOT_USABLE for a used /
 * reserved / expired one, or a subtotal under its minimum.
 */
export async function reserveCouponForOrder(coupons: CouponUsageStore, tx: Tx, args: ReserveCouponArgs): Promise<{ discount: number }> {
  const won = await coupons.reserve(tx, args);
  if (won) return { discount: discountFor(won, args.subtotal) };
  throw new UserFacingError([whyNotUsable(await coupons.state(tx, args.couponId), args.userId, args.subtotal, args.now)]);
}

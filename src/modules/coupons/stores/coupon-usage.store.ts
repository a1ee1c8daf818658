import type { Tx } from '../../../shared/tx';
import type { DiscountType } from '../domain/discount';
import type { CouponState } from '../domain/coupon-usage';

export interface ReserveCouponArgs {
  couponId: string;
  userId: string;
  orderId: string;
  /** The order's subtotal in won, before the discount. */
  subtotal: number;
  now: Date;
}

export interface CouponOrderArgs {
  couponId: string;
  orderId: string;
  now: Date;
}

/** The coupons table as orders use it (see domain/coupon-usage.ts for the transitions). */
export interface CouponUsageStore {
  /** AVAILABLE → RESERVED for the order if it is the user's, unexpired and the subtotal reaches its minimum. */
  reserve(tx: Tx, args: ReserveCouponArgs): Promise<{ discountType: DiscountType; discountValue: number } | null>;
  /** The coupon as it is now (to say why a reserve lost). */
  state(tx: Tx, couponId: string): Promise<CouponState | null>;
  /** RESERVED (for the order) → USED; true also when it already was USED by that order. */
  markUsed(tx: Tx, args: CouponOrderArgs): Promise<boolean>;
  /** RESERVED (for the order) → AVAILABLE, or EXPIRED when its own validity ran out; null when that order did not hold it. */
  release(tx: Tx, args: CouponOrderArgs): Promise<'AVAILABLE' | 'EXPIRED' | null>;
}

export const pgCouponUsage: CouponUsageStore = {
  async reserve(tx, a) {
    const rows = await tx.query<{ discountType: DiscountType; discountValue: number }>(
      `update coupons set status = 'RESERVED', order_id = $1, reserved_at = $2, version = version + 1
       where id = $3 and user_id = $4 and status = 'AVAILABLE' and expires_at > $2 and min_order_amount <= $5
       returning discount_type as "discountType", discount_value as "discountValue"`,
      [a.orderId, a.now, a.couponId, a.userId, a.subtotal],
    );
    return rows[0] ?? null;
  },

  async state(tx, couponId) {
    const rows = await tx.query<CouponState>(
      'select user_id as "userId", status, expires_at as "expiresAt", min_order_amount as "minOrderAmount" from coupons where id = $1',
      [couponId],
    );
    return rows[0] ?? null;
  },

  async markUsed(tx, a) {
    const rows = await tx.query(
      `with used as (
         update coupons set status = 'USED', used_at = $1, version = version + 1
         where id = $2 and order_id = $3 and status = 'RESERVED' returning 1
       )
       select 1 from used union all select 1 from coupons where id = $2 and order_id = $3 and status = 'USED'`,
      [a.now, a.couponId, a.orderId],
    );
    return rows.length > 0;
  },

  async release(tx, a) {
    const rows = await tx.query<{ status: 'AVAILABLE' | 'EXPIRED' }>(
      `update coupons
          set status = case when expires_at <= $1 then 'EXPIRED' else 'AVAILABLE' end,
              order_id = null, reserved_at = null, version = version + 1
        where id = $2 and order_id = $3 and status = 'RESERVED'
        returning status`,
      [a.now, a.couponId, a.orderId],
    );
    return rows[0]?.status ?? null;
  },
};

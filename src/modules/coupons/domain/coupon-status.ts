export type CouponStatus = 'AVAILABLE' | 'RESERVED' | 'USED' | 'EXPIRED';
export const COUPON_STATUSES: CouponStatus[] = ['AVAILABLE', 'RESERVED', 'USED', 'EXPIRED'];

/**
 * What a coupon is at `now`: an AVAILABLE coupon past its expiry reads as EXPIRED without a
 * job having to flip it. A RESERVED coupon stays RESERVED until its order releases it (the
 * order was placed while it was valid); release then turns it EXPIRED.
 */
export function effectiveStatus(stored: CouponStatus, expiresAt: Date, now: Date): CouponStatus {
  return stored === 'AVAILABLE' && expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : stored;
}

/** The same rule in SQL, for filtering: `${EFFECTIVE_STATUS_SQL('c', '$2')}` = $1. */
export const effectiveStatusSql = (alias: string, nowParam: string) =>
  `(case when ${alias}.status = 'AVAILABLE' and ${alias}.expires_at <= ${nowParam} then 'EXPIRED' else ${alias}.status end)`;

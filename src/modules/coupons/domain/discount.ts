/** The coupon terms that decide a discount; pure, so the arithmetic is unit-tested without a database. */
export type DiscountType = 'PERCENT' | 'FIXED';

export interface DiscountTerms {
  discountType: DiscountType;
  discountValue: number;
}

/**
 * Discount in whole won on an order's subtotal. PERCENT rounds down (never gives away a
 * fraction of a won); FIXED never exceeds the subtotal (a total is never negative).
 * Integer arithmetic only: subtotal * percent stays far below 2^53 for any realistic order.
 */
export function discountFor(terms: DiscountTerms, subtotal: number): number {
  if (!Number.isInteger(subtotal) || subtotal < 0) throw new RangeError(`subtotal must be a non-negative integer, got ${subtotal}`);
  if (terms.discountType === 'PERCENT') return Math.floor((subtotal * terms.discountValue) / 100);
  return Math.min(terms.discountValue, subtotal);
}

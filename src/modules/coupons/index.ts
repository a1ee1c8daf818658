/** What the coupons module offers the rest of the codebase. */
export { pgCouponUsage, type CouponUsageStore } from './stores/coupon-usage.store';
export { reserveCouponForOrder } from './coupon-for-order';

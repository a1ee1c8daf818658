import { registerEnumType } from 'type-graphql';

export enum DiscountTypeEnum {
  PERCENT = 'PERCENT',
  FIXED = 'FIXED',
}
registerEnumType(DiscountTypeEnum, {
  name: 'DiscountType',
  description: 'PERCENT: discountValue is 1–100 (% of the subtotal, rounded down to the won). FIXED: discountValue is won, at most the subtotal.',
});

export enum CouponStatusEnum {
  AVAILABLE = 'AVAILABLE',
  RESERVED = 'RESERVED',
  USED = 'USED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(CouponStatusEnum, {
  name: 'CouponStatus',
  description: 'AVAILABLE → RESERVED (an unpaid order holds it) → USED (paid). Cancel/expiry of the order returns it to AVAILABLE; past expiresAt it reads EXPIRED.',
});

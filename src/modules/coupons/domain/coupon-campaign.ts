import type { DiscountType } from './discount';

export const MAX_FIXED_DISCOUNT = 100_000_000;
export const MAX_TOTAL_QUANTITY = 10_000_000;
export const MAX_VALID_DAYS = 365;
export const MAX_MIN_ORDER = 100_000_000;
const DAY_MS = 24 * 3600 * 1000;

export interface CampaignTerms {
  name: string;
  discountType: DiscountType;
  discountValue: number;
  totalQuantity: number;
  startsAt: Date;
  endsAt: Date;
  couponValidDays: number;
  minOrderAmount: number;
}

/** Broken rules of a new campaign as [field, message] pairs; empty when the terms are valid. */
export function campaignTermsProblems(terms: CampaignTerms, now: Date): Array<[keyof CampaignTerms, string]> {
  const problems: Array<[keyof CampaignTerms, string]> = [];
  if (terms.discountType === 'PERCENT' && (terms.discountValue < 1 || terms.discountValue > 100)) {
    problems.push(['discountValue', 'A PERCENT discount must be 1 to 100']);
  }
  if (terms.discountType === 'FIXED' && (terms.discountValue < 1 || terms.discountValue > MAX_FIXED_DISCOUNT)) {
    problems.push(['discountValue', `A FIXED discount must be 1 to ${MAX_FIXED_DISCOUNT} won`]);
  }
  if (terms.endsAt.getTime() <= terms.startsAt.getTime()) problems.push(['endsAt', 'endsAt must be after startsAt']);
  else if (terms.endsAt.getTime() <= now.getTime()) problems.push(['endsAt', 'endsAt must be in the future']);
  return problems;
}

/** When a coupon issued at `issuedAt` stops being usable. */
export function couponExpiry(issuedAt: Date, couponValidDays: number): Date {
  return new Date(issuedAt.getTime() + couponValidDays * DAY_MS);
}

/** Whether coupons can be issued at `now`: startsAt inclusive, endsAt exclusive. */
export function isCampaignOpen(window: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  return window.startsAt.getTime() <= now.getTime() && now.getTime() < window.endsAt.getTime();
}

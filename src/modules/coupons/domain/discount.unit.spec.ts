import { discountFor } from './discount';

describe('discountFor', () => {
  it('10% on 45,000 is 4,500', () => {
    expect(discountFor({ discountType: 'PERCENT', discountValue: 10 }, 45_000)).toBe(4_500);
  });
  it('PERCENT rounds down to the won', () => {
    expect(discountFor({ discountType: 'PERCENT', discountValue: 15 }, 9_999)).toBe(1_499); // 1,499.85
    expect(discountFor({ discountType: 'PERCENT', discountValue: 33 }, 101)).toBe(33); // 33.33
    expect(discountFor({ discountType: 'PERCENT', discountValue: 100 }, 12_345)).toBe(12_345);
  });
  it('FIXED never exceeds the subtotal', () => {
    expect(discountFor({ discountType: 'FIXED', discountValue: 5_000 }, 45_000)).toBe(5_000);
    expect(discountFor({ discountType: 'FIXED', discountValue: 5_000 }, 3_000)).toBe(3_000);
    expect(discountFor({ discountType: 'FIXED', discountValue: 5_000 }, 0)).toBe(0);
  });
  it('refuses a subtotal that is not a non-negative integer', () => {
    expect(() => discountFor({ discountType: 'FIXED', discountValue: 1 }, -1)).toThrow(RangeError);
    expect(() => discountFor({ discountType: 'FIXED', discountValue: 1 }, 1.5)).toThrow(RangeError);
  });
});

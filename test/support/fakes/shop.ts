import { newId } from '../../../src/shared/ids';
import type { Product } from '../../../src/modules/catalog/domain/product';
import type { FakeCouponRow } from './fake-coupons';
import type { FakeWorld } from './world';

/** Fixed ids so line order (by productId) is known: apple sorts before banana. */
export const APPLE = '01890000-0000-7000-8000-00000000000a';
export const BANANA = '01890000-0000-7000-8000-00000000000b';
export const HOLD_SECONDS = 600;

export interface Shop {
  buyer: string;
  apple: Product;
  banana: Product;
}

/** Given: apples (1,000 won, 10 in stock), bananas (250 won, 5 in stock), a buyer with 100,000 won of points. */
export function givenShop(w: FakeWorld, balance = 100_000): Shop {
  const buyer = newId();
  const apple = w.products.seed({ id: APPLE, name: 'Apple', price: 1_000 }, 10);
  const banana = w.products.seed({ id: BANANA, name: 'Banana', price: 250 }, 5);
  if (balance > 0) w.wallets.seed(buyer, balance);
  return { buyer, apple, banana };
}

/** Given: a coupon of the user's, valid for a week from the world's clock (10% off, no minimum, unless told). */
export function givenCoupon(w: FakeWorld, userId: string, overrides: Partial<FakeCouponRow> = {}): FakeCouponRow {
  const now = w.clock.now();
  return w.couponUsage.seed({ userId, issuedAt: now, expiresAt: new Date(now.getTime() + 7 * 24 * 3600_000), ...overrides });
}

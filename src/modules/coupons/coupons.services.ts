import type { Infrastructure } from '../../graphql/context';
import { CouponGate } from './issue/coupon-gate';
import { CouponIssuer } from './issue/coupon-issuer';
import { CouponQueries } from './queries/coupon.queries';

/**
 * What coupons keeps per process. The issuer is long-lived state shared by every request of the
 * process: cached campaign windows, the batcher that turns concurrent claims into one statement,
 * and the Redis gate (COUPON_GATE=redis).
 */
export interface CouponServices {
  issuer: CouponIssuer;
  queries: CouponQueries;
}

export const couponServices = (infra: Infrastructure): CouponServices => ({
  issuer: new CouponIssuer(
    infra.pool, infra.write, infra.config.couponGate === 'redis' ? new CouponGate(infra.cache.redis) : null, infra.log.child({ module: 'coupons' }),
  ),
  queries: new CouponQueries(infra.pool),
});

declare module '../../graphql/context' {
  interface ModuleServices {
    coupons: CouponServices;
  }
}

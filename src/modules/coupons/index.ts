import type { StampedeModule } from '../module';
import { CreateCouponCampaignResolver } from './commands/create-coupon-campaign/create-coupon-campaign.resolver';
import { IssueCouponResolver } from './commands/issue-coupon/issue-coupon.resolver';
import { CouponQueryResolver } from './queries/coupon.resolver';
import { CouponCampaignEntity } from './stores/coupon-campaign.entity';
import { CouponsErrorCode } from './domain/coupon-errors';
import { couponEventSchemas } from './events';
import { couponServices } from './coupons.services';

/** What the coupons module offers the rest of the codebase. */
export { pgCouponUsage, type CouponUsageStore } from './stores/coupon-usage.store';
export { reserveCouponForOrder } from './coupon-for-order';

const coupons: StampedeModule = {
  name: 'coupons',
  resolvers: [CreateCouponCampaignResolver, IssueCouponResolver, CouponQueryResolver],
  entities: [CouponCampaignEntity],
  errorCodes: CouponsErrorCode,
  events: couponEventSchemas,
  services: couponServices,
};
export { coupons as module };

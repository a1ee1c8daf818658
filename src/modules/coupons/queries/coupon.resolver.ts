import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { CouponStatusEnum } from './coupon-enums';
import { CouponCampaignType, CouponType } from './coupon.types';

@Resolver(() => CouponType)
export class CouponQueryResolver {
  @Query(() => [CouponCampaignType], { description: 'Coupon campaigns: by default those open now, soonest to close first (at most 100)' })
  async couponCampaigns(
    @Ctx() ctx: AppContext,
    @Arg('activeOnly', () => Boolean, { defaultValue: true }) activeOnly: boolean,
  ): Promise<CouponCampaignType[]> {
    const rows = await ctx.services.modules.coupons.queries.campaigns(activeOnly, ctx.services.clock.now());
    return rows.map(CouponCampaignType.from);
  }

  @Authorized()
  @Query(() => [CouponType], { description: 'My coupons, newest first (at most 500), optionally only those in one status' })
  async myCoupons(
    @Ctx() ctx: AppContext,
    @Arg('status', () => CouponStatusEnum, { nullable: true }) status?: CouponStatusEnum | null,
  ): Promise<CouponType[]> {
    const rows = await ctx.services.modules.coupons.queries.myCoupons(ctx.user!.id, status ?? null, ctx.services.clock.now());
    return rows.map(CouponType.from);
  }

  @FieldResolver(() => CouponCampaignType)
  async campaign(@Root() coupon: CouponType, @Ctx() ctx: AppContext): Promise<CouponCampaignType> {
    if (coupon.preloadedCampaign) return coupon.preloadedCampaign;
    const [campaign] = await ctx.services.modules.coupons.queries.campaignsByIds([coupon.campaignId]);
    return CouponCampaignType.from(campaign);
  }
}

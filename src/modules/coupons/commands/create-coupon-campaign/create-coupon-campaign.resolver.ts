import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { couponsDeps } from '../../coupons.deps';
import { CouponCampaignType } from '../../queries/coupon.types';
import { CouponCampaignPayload } from '../coupon.payloads';
import { CreateCouponCampaignInput } from './create-coupon-campaign.input';
import { createCouponCampaign } from './create-coupon-campaign.handler';

@Resolver()
export class CreateCouponCampaignResolver {
  @Authorized('ADMIN')
  @Mutation(() => CouponCampaignPayload, { description: 'Opens a first-come coupon giveaway (admin)' })
  createCouponCampaign(@Arg('input') input: CreateCouponCampaignInput, @Ctx() ctx: AppContext): Promise<CouponCampaignPayload> {
    return runCommand(input, { campaign: null }, async () => ({
      campaign: CouponCampaignType.from(await createCouponCampaign(couponsDeps(ctx.services.write, ctx.services.modules.coupons.issuer), input)),
    }));
  }
}

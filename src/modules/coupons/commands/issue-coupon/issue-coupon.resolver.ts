import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { CouponType } from '../../queries/coupon.types';
import { CouponPayload } from '../coupon.payloads';
import { IssueCouponInput } from './issue-coupon.input';
import { issueCoupon } from './issue-coupon.handler';

@Resolver()
export class IssueCouponResolver {
  @Authorized()
  @Mutation(() => CouponPayload, { description: 'Claims a coupon: first come, first served, one per shopper per campaign' })
  issueCoupon(@Arg('input') input: IssueCouponInput, @Ctx() ctx: AppContext): Promise<CouponPayload> {
    return runCommand(input, { coupon: null }, async () => ({
      coupon: CouponType.from(await issueCoupon(ctx.services.couponIssuer, ctx.services.clock, ctx.user!.id, input)),
    }));
  }
}

import { Arg, Authorized, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { RateLimit } from '../../../../graphql/rate-limit';
import { CouponType } from '../../queries/coupon.types';
import { CouponPayload } from '../coupon.payloads';
import { IssueCouponInput } from './issue-coupon.input';
import { issueCoupon } from './issue-coupon.handler';

@Resolver()
export class IssueCouponResolver {
  @Authorized()
  @Mutation(() => CouponPayload, { description: 'Claims a coupon: first come, first served, one per shopper per campaign' })
  @UseMiddleware(RateLimit('issueCoupon'))
  issueCoupon(@Arg('input') input: IssueCouponInput, @Ctx() ctx: AppContext): Promise<CouponPayload> {
    return runCommand(input, { coupon: null }, async () => ({
      coupon: CouponType.from(await issueCoupon({ issuer: ctx.services.modules.coupons.issuer, clock: ctx.services.write.clock }, ctx.user!.id, input)),
    }));
  }
}

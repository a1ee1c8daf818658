import { Arg, Authorized, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { orderingDeps } from '../../ordering.deps';
import { queueAdmissionIn } from '../../../waiting-room';
import { RateLimit } from '../../../../graphql/rate-limit';
import { OrderType, PaymentType } from '../../queries/order.type';
import { PaymentPayload } from '../order.payload';
import { CheckoutInput } from './checkout.input';
import { checkout } from './checkout.handler';

@Resolver()
export class CheckoutResolver {
  @Authorized()
  @Mutation(() => PaymentPayload, { description: 'Order and pay from your wallet in one step' })
  @UseMiddleware(RateLimit('checkout'))
  checkout(@Arg('input') input: CheckoutInput, @Ctx() ctx: AppContext): Promise<PaymentPayload> {
    const { config } = ctx.services;
    return runCommand(input, { payment: null, order: null }, async () => {
      const result = await checkout(orderingDeps(ctx.services.write, queueAdmissionIn(ctx.services)), config.orderHoldSeconds, ctx.user!.id, input);
      return { payment: PaymentType.from(result.payment), order: OrderType.from(result.order) };
    });
  }
}

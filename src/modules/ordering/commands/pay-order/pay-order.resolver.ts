import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { orderingDeps } from '../../ordering.deps';
import { OrderType, PaymentType } from '../../queries/order.type';
import { PaymentPayload } from '../order.payload';
import { PayOrderInput } from './pay-order.input';
import { payOrder } from './pay-order.handler';

@Resolver()
export class PayOrderResolver {
  @Authorized()
  @Mutation(() => PaymentPayload, { description: 'Pays a PENDING order of yours from your wallet' })
  payOrder(@Arg('input') input: PayOrderInput, @Ctx() ctx: AppContext): Promise<PaymentPayload> {
    return runCommand(input, { payment: null, order: null }, async () => {
      const result = await payOrder(orderingDeps(ctx.services.write), ctx.user!.id, input);
      return { payment: PaymentType.from(result.payment), order: OrderType.from(result.order) };
    });
  }
}

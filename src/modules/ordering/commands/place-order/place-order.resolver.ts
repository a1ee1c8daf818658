import { Arg, Authorized, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { orderingDeps } from '../../ordering.deps';
import { queueAdmissionIn } from '../../../waiting-room';
import { RateLimit } from '../../../../graphql/rate-limit';
import { OrderType } from '../../queries/order.type';
import { OrderPayload } from '../order.payload';
import { PlaceOrderInput } from './place-order.input';
import { placeOrder } from './place-order.handler';

@Resolver()
export class PlaceOrderResolver {
  @Authorized()
  @Mutation(() => OrderPayload, { description: 'A PENDING order that holds its items until expiresAt; pay it with payOrder' })
  @UseMiddleware(RateLimit('placeOrder'))
  placeOrder(@Arg('input') input: PlaceOrderInput, @Ctx() ctx: AppContext): Promise<OrderPayload> {
    const { config } = ctx.services;
    return runCommand(input, { order: null }, async () => ({
      order: OrderType.from(await placeOrder(orderingDeps(ctx.services.write, queueAdmissionIn(ctx.services)), config.orderHoldSeconds, ctx.user!.id, input)),
    }));
  }
}

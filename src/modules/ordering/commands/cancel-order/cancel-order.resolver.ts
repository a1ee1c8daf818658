import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { orderingDeps } from '../../ordering.deps';
import { OrderType } from '../../queries/order.type';
import { OrderPayload } from '../order.payload';
import { CancelOrderInput } from './cancel-order.input';
import { cancelOrder } from './cancel-order.handler';

@Resolver()
export class CancelOrderResolver {
  @Authorized()
  @Mutation(() => OrderPayload, { description: 'PENDING: releases the items. PAID: refunds the wallet in full and returns the items' })
  cancelOrder(@Arg('input') input: CancelOrderInput, @Ctx() ctx: AppContext): Promise<OrderPayload> {
    return runCommand(input, { order: null }, async () => ({
      order: OrderType.from(await cancelOrder(orderingDeps(ctx.services.write), ctx.user!, input)),
    }));
  }
}

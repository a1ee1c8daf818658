import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { DeliveryOrderPayload } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { runOrderCommand } from '../delivery-order.payload';
import { DeliveryOrderIdInput } from './start-cooking.input';
import { startCooking } from './start-cooking.handler';

@Resolver()
export class StartCookingResolver {
  @Authorized('MERCHANT')
  @Mutation(() => DeliveryOrderPayload, { description: 'ACCEPTED → COOKING; the card is charged (captured)' })
  startCooking(@Arg('input') input: DeliveryOrderIdInput, @Ctx() ctx: AppContext): Promise<DeliveryOrderPayload> {
    return runOrderCommand(input, () => startCooking(deliveryDepsOf(ctx.services), ctx.user!.id, input.orderId));
  }
}

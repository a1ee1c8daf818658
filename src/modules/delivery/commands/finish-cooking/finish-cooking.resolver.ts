import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { DeliveryOrderPayload } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { runOrderCommand } from '../delivery-order.payload';
import { DeliveryOrderIdInput } from '../start-cooking/start-cooking.input';
import { finishCooking } from './finish-cooking.handler';

@Resolver()
export class FinishCookingResolver {
  @Authorized('MERCHANT')
  @Mutation(() => DeliveryOrderPayload, { description: 'COOKING → READY_FOR_PICKUP' })
  finishCooking(@Arg('input') input: DeliveryOrderIdInput, @Ctx() ctx: AppContext): Promise<DeliveryOrderPayload> {
    return runOrderCommand(input, () => finishCooking(deliveryDepsOf(ctx.services), ctx.user!.id, input.orderId));
  }
}

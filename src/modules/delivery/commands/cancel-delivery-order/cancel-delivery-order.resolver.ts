import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { DeliveryOrderPayload } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { runOrderCommand } from '../delivery-order.payload';
import { DeliveryOrderIdInput } from '../start-cooking/start-cooking.input';
import { cancelDeliveryOrder } from './cancel-delivery-order.handler';

@Resolver()
export class CancelDeliveryOrderResolver {
  @Authorized()
  @Mutation(() => DeliveryOrderPayload, { description: 'Cancels your order until cooking starts (then ORDER_ALREADY_COOKING); the authorization is voided' })
  cancelDeliveryOrder(@Arg('input') input: DeliveryOrderIdInput, @Ctx() ctx: AppContext): Promise<DeliveryOrderPayload> {
    return runOrderCommand(input, () => cancelDeliveryOrder(deliveryDepsOf(ctx.services), ctx.user!.id, input.orderId));
  }
}

import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { DeliveryOrderPayload } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { runOrderCommand } from '../delivery-order.payload';
import { AcceptDeliveryOrderInput } from './accept-delivery-order.input';
import { acceptDeliveryOrder } from './accept-delivery-order.handler';

@Resolver()
export class AcceptDeliveryOrderResolver {
  @Authorized('MERCHANT')
  @Mutation(() => DeliveryOrderPayload, { description: 'PAID → ACCEPTED (the store\'s merchant)' })
  acceptDeliveryOrder(@Arg('input') input: AcceptDeliveryOrderInput, @Ctx() ctx: AppContext): Promise<DeliveryOrderPayload> {
    return runOrderCommand(input, () => acceptDeliveryOrder(deliveryDepsOf(ctx.services), ctx.user!.id, input));
  }
}

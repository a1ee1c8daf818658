import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { DeliveryOrderPayload } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { runPaymentCommand } from '../delivery-order.payload';
import { PlaceDeliveryOrderInput } from './place-delivery-order.input';
import { placeDeliveryOrder } from './place-delivery-order.handler';

@Resolver()
export class PlaceDeliveryOrderResolver {
  @Authorized()
  @Mutation(() => DeliveryOrderPayload, { description: 'Orders from one store and pays by card (authorized now, captured when cooking starts)' })
  placeDeliveryOrder(@Arg('input') input: PlaceDeliveryOrderInput, @Ctx() ctx: AppContext): Promise<DeliveryOrderPayload> {
    return runPaymentCommand(input, () => placeDeliveryOrder(deliveryDepsOf(ctx.services), ctx.user!.id, input));
  }
}

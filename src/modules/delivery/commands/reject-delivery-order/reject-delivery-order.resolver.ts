import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { DeliveryOrderPayload } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { runOrderCommand } from '../delivery-order.payload';
import { RejectDeliveryOrderInput } from './reject-delivery-order.input';
import { rejectDeliveryOrder } from './reject-delivery-order.handler';

@Resolver()
export class RejectDeliveryOrderResolver {
  @Authorized('MERCHANT')
  @Mutation(() => DeliveryOrderPayload, { description: 'PAID or ACCEPTED → REJECTED; the card authorization is voided' })
  rejectDeliveryOrder(@Arg('input') input: RejectDeliveryOrderInput, @Ctx() ctx: AppContext): Promise<DeliveryOrderPayload> {
    return runOrderCommand(input, () => rejectDeliveryOrder(deliveryDepsOf(ctx.services), { kind: 'merchant', userId: ctx.user!.id }, input.orderId, input.reason));
  }
}

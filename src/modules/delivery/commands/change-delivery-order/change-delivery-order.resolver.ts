import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { DeliveryOrderPayload } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { runPaymentCommand } from '../delivery-order.payload';
import { ChangeDeliveryOrderInput } from './change-delivery-order.input';
import { changeDeliveryOrder } from './change-delivery-order.handler';

@Resolver()
export class ChangeDeliveryOrderResolver {
  @Authorized()
  @Mutation(() => DeliveryOrderPayload, { description: 'Changes the items of your order until cooking starts (a new total is authorized anew, the old authorization voided)' })
  changeDeliveryOrder(@Arg('input') input: ChangeDeliveryOrderInput, @Ctx() ctx: AppContext): Promise<DeliveryOrderPayload> {
    return runPaymentCommand(input, () => changeDeliveryOrder(deliveryDepsOf(ctx.services), ctx.user!.id, input));
  }
}

import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { DeliveryOrderPayload } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { runPaymentCommand } from '../delivery-order.payload';
import { RetryDeliveryPaymentInput } from './retry-delivery-payment.input';
import { retryDeliveryPayment } from './retry-delivery-payment.handler';

@Resolver()
export class RetryDeliveryPaymentResolver {
  @Authorized()
  @Mutation(() => DeliveryOrderPayload, { description: 'Pays your order that waits (AWAITING_PAYMENT) or was declined (PAYMENT_FAILED, with another card)' })
  retryDeliveryPayment(@Arg('input') input: RetryDeliveryPaymentInput, @Ctx() ctx: AppContext): Promise<DeliveryOrderPayload> {
    return runPaymentCommand(input, () => retryDeliveryPayment(deliveryDepsOf(ctx.services), ctx.user!.id, input));
  }
}

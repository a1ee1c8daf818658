import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { ReservationPaymentPayload, ReservationType } from '../../queries/ticketing.types';
import { ticketingDepsOf } from '../../ticketing.deps';
import { PayReservationInput } from './pay-reservation.input';
import { payReservation } from './pay-reservation.handler';

@Resolver()
export class PayReservationResolver {
  @Authorized()
  @Mutation(() => ReservationPaymentPayload, { description: 'Pays your HELD reservation from your wallet; the seats are SOLD' })
  payReservation(@Arg('input') input: PayReservationInput, @Ctx() ctx: AppContext): Promise<ReservationPaymentPayload> {
    return runCommand(input, { reservation: null, payment: null }, async () => {
      const { reservation, payment } = await payReservation(ticketingDepsOf(ctx.services), ctx.user!.id, input);
      return { reservation: ReservationType.from(reservation), payment: { ...payment, paidAt: new Date(payment.paidAt) } };
    });
  }
}

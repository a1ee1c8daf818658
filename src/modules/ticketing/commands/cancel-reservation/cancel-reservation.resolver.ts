import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { ReservationPayload, ReservationType } from '../../queries/ticketing.types';
import { ticketingDepsOf } from '../../ticketing.deps';
import { ReservationIdInput } from '../release-reservation/release-reservation.input';
import { cancelReservation } from './cancel-reservation.handler';

@Resolver()
export class CancelReservationResolver {
  @Authorized()
  @Mutation(() => ReservationPayload, { description: 'A PAID reservation before the performance: full refund, seats free again' })
  cancelReservation(@Arg('input') input: ReservationIdInput, @Ctx() ctx: AppContext): Promise<ReservationPayload> {
    return runCommand(input, { reservation: null }, async () => ({
      reservation: ReservationType.from(await cancelReservation(ticketingDepsOf(ctx.services), ctx.user!, input)),
    }));
  }
}

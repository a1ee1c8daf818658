import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { ReservationPayload, ReservationType } from '../../queries/ticketing.types';
import { ticketingDepsOf } from '../../ticketing.deps';
import { ReservationIdInput } from './release-reservation.input';
import { releaseReservation } from './release-reservation.handler';

@Resolver()
export class ReleaseReservationResolver {
  @Authorized()
  @Mutation(() => ReservationPayload, { description: 'Gives the seats of your HELD reservation back now' })
  releaseReservation(@Arg('input') input: ReservationIdInput, @Ctx() ctx: AppContext): Promise<ReservationPayload> {
    return runCommand(input, { reservation: null }, async () => ({
      reservation: ReservationType.from(await releaseReservation(ticketingDepsOf(ctx.services), ctx.user!.id, input)),
    }));
  }
}

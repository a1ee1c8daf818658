import { Arg, Authorized, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { RateLimit } from '../../../../graphql/rate-limit';
import { ReservationPayload, ReservationType } from '../../queries/ticketing.types';
import { ticketingDepsOf } from '../../ticketing.deps';
import { HoldSeatsInput } from './hold-seats.input';
import { holdSeats } from './hold-seats.handler';

@Resolver()
export class HoldSeatsResolver {
  @Authorized()
  @Mutation(() => ReservationPayload, { description: 'Holds seats for you until expiresAt: all of them or none' })
  @UseMiddleware(RateLimit('holdSeats'))
  holdSeats(@Arg('input') input: HoldSeatsInput, @Ctx() ctx: AppContext): Promise<ReservationPayload> {
    return runCommand(input, { reservation: null }, async () => ({
      reservation: ReservationType.from(await holdSeats(ticketingDepsOf(ctx.services), ctx.user!.id, input)),
    }));
  }
}

import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { ticketingDepsOf } from '../../ticketing.deps';
import { pgWaitlist } from '../../waitlist/waitlist.store';
import { WaitlistEntryType, WaitlistPayload } from '../../waitlist/waitlist.types';
import { autocommitReads } from '../../queries/reservation.queries';
import { JoinWaitlistInput } from './join-waitlist.input';
import { joinWaitlist } from './join-waitlist.handler';

@Resolver()
export class JoinWaitlistResolver {
  @Authorized()
  @Mutation(() => WaitlistPayload, { description: 'A place in line for a sold-out performance: freed seats are held for the first in line' })
  joinWaitlist(@Arg('input') input: JoinWaitlistInput, @Ctx() ctx: AppContext): Promise<WaitlistPayload> {
    return runCommand(input, { entry: null }, async () => ({
      entry: WaitlistEntryType.from(await joinWaitlist(ticketingDepsOf(ctx.services), ctx.user!.id, input)),
    }));
  }

  @Authorized()
  @Query(() => [WaitlistEntryType], { description: 'Your waiting-list entries, newest first (at most 100)' })
  async myWaitlist(@Ctx() ctx: AppContext): Promise<WaitlistEntryType[]> {
    return (await pgWaitlist.mine(autocommitReads(ctx.services.pool), ctx.user!.id)).map(WaitlistEntryType.from);
  }
}

import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { EventPayload, EventType } from '../../queries/ticketing.types';
import { ticketingDepsOf } from '../../ticketing.deps';
import { CreateEventInput } from './create-event.input';
import { createEvent } from './create-event.handler';

@Resolver()
export class CreateEventResolver {
  @Authorized('ADMIN')
  @Mutation(() => EventPayload, { description: 'A concert, a train route, a lecture (admin)' })
  createEvent(@Arg('input') input: CreateEventInput, @Ctx() ctx: AppContext): Promise<EventPayload> {
    return runCommand(input, { event: null }, async () => ({ event: EventType.from(await createEvent(ticketingDepsOf(ctx.services), input)) }));
  }
}

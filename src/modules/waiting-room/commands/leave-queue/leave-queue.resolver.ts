import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { QueueTicketType } from '../../queries/queue-ticket.type';
import { waitingRoomOf } from '../../waiting-room.runtime';
import { QueueTicketPayload } from '../payloads';
import { LeaveQueueInput } from './leave-queue.input';
import { leaveQueue } from './leave-queue.handler';

@Resolver()
export class LeaveQueueResolver {
  @Authorized()
  @Mutation(() => QueueTicketPayload)
  leaveQueue(@Arg('input') input: LeaveQueueInput, @Ctx() ctx: AppContext): Promise<QueueTicketPayload> {
    return runCommand(input, { ticket: null }, async () => ({ ticket: QueueTicketType.from(await leaveQueue(waitingRoomOf(ctx.services), ctx.user!.id, input)) }));
  }
}

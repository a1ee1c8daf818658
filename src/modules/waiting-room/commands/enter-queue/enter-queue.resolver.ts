import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { QueueTicketType } from '../../queries/queue-ticket.type';
import { waitingRoomOf } from '../../waiting-room.runtime';
import { QueueTicketPayload } from '../payloads';
import { EnterQueueInput } from './enter-queue.input';
import { enterQueue } from './enter-queue.handler';

@Resolver()
export class EnterQueueResolver {
  @Authorized()
  @Mutation(() => QueueTicketPayload)
  enterQueue(@Arg('input') input: EnterQueueInput, @Ctx() ctx: AppContext): Promise<QueueTicketPayload> {
    return runCommand(input, { ticket: null }, async () => ({ ticket: QueueTicketType.from(await enterQueue(waitingRoomOf(ctx.services), ctx.user!.id, input)) }));
  }
}

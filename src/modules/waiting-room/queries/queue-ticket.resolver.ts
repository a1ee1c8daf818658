import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { waitingRoomOf } from '../waiting-room.runtime';
import { QueueTicketType } from './queue-ticket.type';

@Resolver()
export class QueueTicketQueryResolver {
  @Authorized()
  @Query(() => QueueTicketType, { nullable: true, description: 'Your ticket behind a token (null for anyone else\'s or a forged one). A read is also a heartbeat' })
  async queueTicket(@Arg('token', () => String) token: string, @Ctx() ctx: AppContext): Promise<QueueTicketType | null> {
    const view = await waitingRoomOf(ctx.services).ticket(token, ctx.user!.id);
    return view ? QueueTicketType.from(view) : null;
  }
}

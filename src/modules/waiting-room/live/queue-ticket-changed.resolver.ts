import { GraphQLError } from 'graphql';
import { Arg, Authorized, Resolver, Root, Subscription } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { QueueTicketType } from '../queries/queue-ticket.type';
import type { QueueTicketView } from '../waiting-room';

@Resolver()
export class QueueTicketChangedResolver {
  @Authorized()
  @Subscription(() => QueueTicketType, {
    description: 'Your ticket now, then its position and ETA as they move (at least every 5 s while WAITING), and at once on admission or expiry (the last message). An open subscription is a heartbeat',
    subscribe: async ({ args, context }) => {
      const ctx = context as AppContext;
      const stream = await ctx.services.modules['waiting-room'].watch.watch((args as { token: string }).token, ctx.user!.id);
      if (!stream) throw new GraphQLError('Not a queue token of yours', { extensions: { code: 'FORBIDDEN' } });
      return stream;
    },
  })
  queueTicketChanged(@Root() view: QueueTicketView, @Arg('token', () => String) _token: string): QueueTicketType {
    return QueueTicketType.from(view);
  }
}

import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { OrderStatusChangeType, type OrderStatusChangePayload } from './order-status-change.type';
import { orderStatusStream } from './order-status-stream';

@Resolver()
export class OrderStatusChangedResolver {
  @Authorized()
  @Subscription(() => OrderStatusChangeType, {
    description: 'The order\'s current status at once, then each change (owner or ADMIN; anyone else FORBIDDEN)',
    subscribe: ({ args, context }) => {
      const ctx = context as AppContext;
      return orderStatusStream(ctx.services.pool, ctx.services.pubSub, ctx.user!, (args as { orderId: string }).orderId);
    },
  })
  orderStatusChanged(@Root() change: OrderStatusChangePayload, @Arg('orderId', () => ID) _orderId: string): OrderStatusChangeType {
    return change;
  }
}

import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { AppContext } from '../../../graphql/context';
import { isId } from '../../../shared/ids';
import { versionedStream } from '../../../shared/versioned-stream';
import { pgDeliveryOrders } from '../stores/delivery-order.store';
import { DELIVERY_ORDER_STATUS_CHANGED, DeliveryStatusChangeType, type DeliveryStatusChangePayload } from './delivery-status.types';

/** Same answer for "no such order" and "not yours". */
const forbidden = () => new GraphQLError('You may not watch this order', { extensions: { code: 'FORBIDDEN' } });

/**
 * The order's current status at once (write model), then every newer change from the fan-out
 * (shared/versioned-stream.ts). The PubSub subscription starts before the read.
 */
async function deliveryStatusStream(ctx: AppContext, orderId: string): Promise<AsyncIterableIterator<DeliveryStatusChangePayload>> {
  if (!isId(orderId)) throw forbidden();
  const live = ctx.services.modules.delivery.pubSub.subscribe(DELIVERY_ORDER_STATUS_CHANGED, orderId.toLowerCase());
  const pending = live.next();
  const order = await ctx.services.write.transactions.withTransaction((tx) => pgDeliveryOrders.byId(tx, orderId.toLowerCase())).catch(async (err) => {
    await live.return();
    throw err;
  });
  const user = ctx.user!;
  if (!order || (order.customerId !== user.id && order.merchantId !== user.id && user.role !== 'ADMIN')) {
    await live.return();
    throw forbidden();
  }
  const last = order.history.at(-1)!;
  const current: DeliveryStatusChangePayload = {
    orderId: order.id, status: order.status, previousStatus: order.history.at(-2)?.status ?? null, occurredAt: new Date(last.at), version: order.version,
  };
  return versionedStream(current, live, pending);
}

@Resolver()
export class DeliveryStatusChangedResolver {
  @Authorized()
  @Subscription(() => DeliveryStatusChangeType, {
    description: "The delivery order's status now, then each change (its customer, its merchant or an admin; anyone else FORBIDDEN)",
    subscribe: ({ args, context }) => deliveryStatusStream(context as AppContext, (args as { orderId: string }).orderId),
  })
  deliveryOrderStatusChanged(@Root() change: DeliveryStatusChangePayload, @Arg('orderId', () => ID) _orderId: string): DeliveryStatusChangeType {
    return change;
  }
}

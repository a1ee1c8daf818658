import { Arg, Authorized, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { AppContext } from '../../../graphql/context';
import { Connection, decodeCursor, pageSize, toConnection } from '../../../graphql/connection';
import { isId } from '../../../shared/ids';
import { MerchantQueueQueries, type MerchantOrderRead } from '../../../../projections/merchant-queue';
import { StoreQueries } from '../../../../projections/store';
import { pgDeliveryOrders } from '../stores/delivery-order.store';
import { DeliveryOrderItemType, DeliveryOrderStatus, DeliveryOrderType, DeliveryPaymentStatus } from './delivery.types';

@ObjectType('MerchantOrder', { description: "An order in the merchant's queue (read model; follows the order within moments)" })
class MerchantOrderType {
  @Field(() => ID) id!: string;
  @Field(() => DeliveryOrderStatus) status!: string;
  @Field(() => DeliveryPaymentStatus) paymentStatus!: string;
  @Field(() => [DeliveryOrderItemType]) items!: DeliveryOrderItemType[];
  @Field(() => Int) total!: number;
  @Field() placedAt!: Date;
  @Field(() => Date, { nullable: true }) estimatedReadyAt!: Date | null;
  @Field(() => Int) version!: number;

  static from(o: MerchantOrderRead): MerchantOrderType {
    return Object.assign(new MerchantOrderType(), {
      ...o, items: o.items.map((l) => ({ ...l, menuItem: l.menuItemId })), placedAt: new Date(o.placedAt),
      estimatedReadyAt: o.estimatedReadyAt ? new Date(o.estimatedReadyAt) : null,
    });
  }
}
const MerchantOrderConnection = Connection(MerchantOrderType, 'MerchantOrder');
@ObjectType('MerchantOrderConnection')
class MerchantOrderConnectionType extends MerchantOrderConnection {}

const forbidden = () => new GraphQLError('You may not do this', { extensions: { code: 'FORBIDDEN' } });

@Resolver()
export class DeliveryOrderQueryResolver {
  @Authorized('MERCHANT', 'ADMIN')
  @Query(() => MerchantOrderConnectionType, { description: "Your store's live queue, oldest first (its merchant or an admin)" })
  async merchantOrders(
    @Arg('storeId', () => ID) storeId: string,
    @Arg('status', () => DeliveryOrderStatus, { nullable: true }) status: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AppContext,
  ) {
    const size = pageSize(first);
    const cursor = decodeCursor(after);
    const store = isId(storeId) ? await new StoreQueries(ctx.services.pool, ctx.services.cache).byId(storeId.toLowerCase()) : null;
    if (!store || (store.merchantId !== ctx.user!.id && ctx.user!.role !== 'ADMIN')) throw forbidden();
    const page = await new MerchantQueueQueries(ctx.services.pool).page(store.id, status, size, cursor);
    return toConnection(page.orders, page.hasNextPage, page.totalCount, cursor, MerchantOrderType.from);
  }

  @Authorized()
  @Query(() => DeliveryOrderType, { nullable: true, description: 'The order as it is now (write model): its customer, its merchant or an admin' })
  async deliveryOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<DeliveryOrderType | null> {
    if (!isId(id)) return null;
    const order = await ctx.services.write.transactions.withTransaction((tx) => pgDeliveryOrders.byId(tx, id.toLowerCase()));
    const user = ctx.user!;
    if (!order || (order.customerId !== user.id && order.merchantId !== user.id && user.role !== 'ADMIN')) return null;
    return DeliveryOrderType.from(order);
  }
}

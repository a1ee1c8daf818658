import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { decodeCursor, pageSize, toConnection } from '../../../graphql/connection';
import { isId } from '../../../shared/ids';
import { ProductType } from '../../catalog';
import { OrderStatus } from '../live-status/order-status.enum';
import { orderById, ordersOfUser } from './order.queries';
import { OrderConnection, OrderItemType, OrderType } from './order.type';

@Resolver()
export class OrderQueryResolver {
  @Authorized()
  @Query(() => OrderType, { nullable: true, description: "One of your orders (admins: anyone's); null for any other id" })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<OrderType | null> {
    if (!isId(id)) return null;
    const order = await orderById(ctx.services.pool, id.toLowerCase());
    if (!order || (order.userId !== ctx.user!.id && ctx.user!.role !== 'ADMIN')) return null;
    return OrderType.from(order);
  }

  @Authorized()
  @Query(() => OrderConnection, { description: 'Your orders, newest first' })
  async myOrders(
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('status', () => OrderStatus, { nullable: true }) status?: OrderStatus,
  ) {
    const size = pageSize(first);
    const afterId = decodeCursor(after);
    const page = await ordersOfUser(ctx.services.pool, ctx.user!.id, size, afterId, status ?? null);
    return toConnection(page.items, page.hasNextPage, page.totalCount, afterId, OrderType.from);
  }
}

@Resolver(() => OrderItemType)
export class OrderItemResolver {
  @FieldResolver(() => ProductType, { nullable: true, description: 'The product as the catalog shows it now' })
  async product(@Root() item: OrderItemType, @Ctx() ctx: AppContext): Promise<ProductType | null> {
    const product = await ctx.loaders.product.load(item.productId);
    return product ? ProductType.from(product) : null;
  }
}

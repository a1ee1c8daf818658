import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import type { PopularItem, PopularRanking } from '../../../../projections/popular';

@ObjectType('PopularProduct', { description: 'One place in the best-seller ranking' })
export class PopularProductType {
  @Field(() => Int, { description: '1 = best seller: quantity, then revenue, then product id' }) rank!: number;
  // Sums over a window grow past 2^31 (GraphQL Int): one product's 3,000,000,000 won failed the whole ranking.
  @Field(() => GraphQLSafeInt, { description: 'Units paid in the window, net of cancellations' }) soldQuantity!: number;
  @Field(() => GraphQLSafeInt, { description: 'KRW of those units at their order line prices (before order-level coupon discounts)' }) revenue!: number;
  @Field(() => Int, { nullable: true, description: 'Rank in the previous window of the same length; null when it did not sell then (NEW)' })
  previousRank!: number | null;
  /** Resolved through the per-request product DataLoader (PopularProductResolver). */
  productId!: string;

  static from(item: PopularItem): PopularProductType {
    return Object.assign(new PopularProductType(), item);
  }
}

@ObjectType('PopularProducts', { description: 'Best sellers over the last `days` UTC days: today and the days before it' })
export class PopularProductsType {
  @Field({ description: 'Start of the window, inclusive: 00:00 UTC of its first day' }) from!: Date;
  @Field({ description: 'End of the window, exclusive: 00:00 UTC of tomorrow' }) to!: Date;
  @Field(() => Int) days!: number;
  @Field(() => GraphQLSafeInt, { description: 'Orders paid in the window and not cancelled since' }) totalOrders!: number;
  @Field(() => [PopularProductType]) items!: PopularProductType[];

  static from(ranking: PopularRanking): PopularProductsType {
    return Object.assign(new PopularProductsType(), {
      from: new Date(ranking.from),
      to: new Date(ranking.to),
      days: ranking.days,
      totalOrders: ranking.totalOrders,
      items: ranking.items.map(PopularProductType.from),
    });
  }
}

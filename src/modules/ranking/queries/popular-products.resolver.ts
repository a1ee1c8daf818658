import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { badInput } from '../../../graphql/connection';
import { isId } from '../../../shared/ids';
import { ProductType } from '../../catalog';
import { MAX_DAYS, MAX_LIMIT } from '../../../../projections/popular';
import { PopularProductType, PopularProductsType } from './popular-products.type';

/** An explicit null means the default, as if the argument were left out. */
function checkRange(given: number | null | undefined, fallback: number, max: number, field: string): number {
  const value = given ?? fallback;
  const min = 1;
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(`"${field}" must be between ${min} and ${max}`, field);
  return value;
}

@Resolver()
export class PopularProductsResolver {
  @Query(() => PopularProductsType, { description: 'Best sellers by quantity over the last `days` (1–30) UTC days; public, cached' })
  async popularProducts(
    @Ctx() ctx: AppContext,
    @Arg('days', () => Int, { nullable: true, defaultValue: 3 }) days: number | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 5 }) limit: number | null,
  ): Promise<PopularProductsType> {
    const ranking = await ctx.services.modules.ranking.popular.popular(
      ctx.services.clock.now(), checkRange(days, 3, MAX_DAYS, 'days'), checkRange(limit, 5, MAX_LIMIT, 'limit'),
    );
    return PopularProductsType.from(ranking);
  }

  @Query(() => [ProductType], { description: 'In-stock best sellers of the same category, without the product itself: alternatives after OUT_OF_STOCK' })
  async recommendedProducts(
    @Ctx() ctx: AppContext,
    @Arg('productId', () => ID) productId: string,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 5 }) limit: number | null,
  ): Promise<ProductType[]> {
    if (!isId(productId)) throw badInput('"productId" is not a product id', 'productId');
    const products = await ctx.services.modules.ranking.popular.recommended(productId, ctx.services.clock.now(), checkRange(limit, 5, MAX_LIMIT, 'limit'));
    return products.map(ProductType.from);
  }
}

@Resolver(() => PopularProductType)
export class PopularProductResolver {
  @FieldResolver(() => ProductType)
  async product(@Root() item: PopularProductType, @Ctx() ctx: AppContext): Promise<ProductType> {
    const product = await ctx.loaders.product.load(item.productId);
    // Ranked products are joined with product_read, so this only happens if one vanished meanwhile.
    if (!product) throw new Error(`ranked product ${item.productId} is not in product_read`);
    return ProductType.from(product);
  }
}

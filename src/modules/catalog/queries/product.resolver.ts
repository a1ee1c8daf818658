import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { badInput, decodeCursor, pageSize, toConnection } from '../../../graphql/connection';
import { isId } from '../../../shared/ids';
import { ProductConnection, ProductType } from './product.type';

@Resolver()
export class ProductQueryResolver {
  @Query(() => ProductType, { nullable: true })
  async product(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<ProductType | null> {
    if (!isId(id)) return null;
    const product = await ctx.services.modules.catalog.products.byId(id);
    return product ? ProductType.from(product) : null;
  }

  @Query(() => ProductConnection)
  async products(
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('category', () => String, { nullable: true }) category?: string,
  ) {
    if (category !== undefined && category !== null && (category.length < 1 || category.length > 100)) {
      throw badInput('"category" must be 1 to 100 characters', 'category');
    }
    const size = pageSize(first);
    const afterId = decodeCursor(after);
    const page = await ctx.services.modules.catalog.products.page(size, afterId, category ?? null);
    if (!page) throw badInput('"after" is not a cursor this API issued', 'after');
    return toConnection(page.items, page.hasNextPage, page.totalCount, afterId, ProductType.from);
  }
}

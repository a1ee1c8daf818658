import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { catalogDeps } from '../../catalog.deps';
import { ProductType } from '../../queries/product.type';
import { ProductPayload } from '../product.payload';
import { RestockProductInput } from './restock-product.input';
import { restockProduct } from './restock-product.handler';

@Resolver()
export class RestockProductResolver {
  @Authorized('ADMIN')
  @Mutation(() => ProductPayload)
  restockProduct(@Arg('input') input: RestockProductInput, @Ctx() ctx: AppContext): Promise<ProductPayload> {
    return runCommand(input, { product: null }, async () => ({
      product: ProductType.fromWriteModel(await restockProduct(catalogDeps(ctx.services.write), input)),
    }));
  }
}

import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { catalogDeps } from '../../catalog.deps';
import { ProductType } from '../../queries/product.type';
import { ProductPayload } from '../product.payload';
import { UpdateProductInput } from './update-product.input';
import { updateProduct } from './update-product.handler';

@Resolver()
export class UpdateProductResolver {
  @Authorized('ADMIN')
  @Mutation(() => ProductPayload)
  updateProduct(@Arg('input') input: UpdateProductInput, @Ctx() ctx: AppContext): Promise<ProductPayload> {
    return runCommand(input, { product: null }, async () => ({
      product: ProductType.fromWriteModel(await updateProduct(catalogDeps(ctx.services.write), input)),
    }));
  }
}

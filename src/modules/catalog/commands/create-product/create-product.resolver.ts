import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { catalogDeps } from '../../catalog.deps';
import { ProductType } from '../../queries/product.type';
import { ProductPayload } from '../product.payload';
import { CreateProductInput } from './create-product.input';
import { createProduct } from './create-product.handler';

@Resolver()
export class CreateProductResolver {
  @Authorized('ADMIN')
  @Mutation(() => ProductPayload)
  createProduct(@Arg('input') input: CreateProductInput, @Ctx() ctx: AppContext): Promise<ProductPayload> {
    return runCommand(input, { product: null }, async () => ({
      product: ProductType.fromWriteModel(await createProduct(catalogDeps(ctx.services.write), input)),
    }));
  }
}

import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { StorePayload, StoreType } from '../../queries/delivery.types';
import { deliveryDepsOf } from '../../delivery.deps';
import { RegisterStoreInput } from './register-store.input';
import { registerStore } from './register-store.handler';

@Resolver()
export class RegisterStoreResolver {
  @Authorized('MERCHANT')
  @Mutation(() => StorePayload, { description: 'Opens a store of yours (merchants)' })
  registerStore(@Arg('input') input: RegisterStoreInput, @Ctx() ctx: AppContext): Promise<StorePayload> {
    return runCommand(input, { store: null }, async () => ({ store: StoreType.from(await registerStore(deliveryDepsOf(ctx.services), ctx.user!.id, input), [], ctx.services.clock.now()) }));
  }
}

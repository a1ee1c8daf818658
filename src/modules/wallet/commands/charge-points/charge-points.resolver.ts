import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { walletDeps } from '../../wallet.deps';
import { UserError } from '../../../../graphql/user-error.type';
import { WalletType } from '../../queries/wallet.type';
import { ChargePointsInput } from './charge-points.input';
import { chargePoints } from './charge-points.handler';

@ObjectType()
export class WalletPayload {
  @Field(() => WalletType, { nullable: true }) wallet!: WalletType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@Resolver()
export class ChargePointsResolver {
  @Authorized()
  @Mutation(() => WalletPayload, { description: 'Adds prepaid points to your wallet' })
  chargePoints(@Arg('input') input: ChargePointsInput, @Ctx() ctx: AppContext): Promise<WalletPayload> {
    return runCommand(input, { wallet: null }, async () => ({
      wallet: WalletType.from(await chargePoints(walletDeps(ctx.services.write), ctx.user!.id, input)),
    }));
  }
}

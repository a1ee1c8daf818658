import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { decodeCursor, pageSize, toConnection } from '../../../graphql/connection';
import { walletOf, walletTransactions } from './wallet.queries';
import { WalletTransactionConnection, WalletTransactionNode, WalletType } from './wallet.type';

@Resolver(() => WalletType)
export class WalletQueryResolver {
  @Authorized()
  @Query(() => WalletType, { description: "The signed-in user's wallet" })
  async wallet(@Ctx() ctx: AppContext): Promise<WalletType> {
    return WalletType.from(await walletOf(ctx.services.pool, ctx.user!.id));
  }

  @FieldResolver(() => WalletTransactionConnection, { description: 'Ledger entries, newest first' })
  async transactions(
    @Root() wallet: WalletType,
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = pageSize(first);
    const afterId = decodeCursor(after);
    const page = await walletTransactions(ctx.services.pool, wallet.userId, size, afterId);
    return toConnection(page.items, page.hasNextPage, page.totalCount, afterId, WalletTransactionNode.from);
  }
}

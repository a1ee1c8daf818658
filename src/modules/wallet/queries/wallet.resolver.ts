import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { decodeCursor, pageSize, toConnection } from '../../../graphql/connection';
import { selectedFieldArgs } from '../../../graphql/selection';
import { walletOf, walletTransactions, walletWithTransactions } from './wallet.queries';
import { WalletTransactionConnection, WalletTransactionNode, WalletType } from './wallet.type';

@Resolver(() => WalletType)
export class WalletQueryResolver {
  /**
   * One round trip: when the query also selects `transactions`, its first page (and count) is
   * read in the same statement as the wallet row (the write model, exact), and handed to the
   * field resolver below if its arguments match.
   */
  @Authorized()
  @Query(() => WalletType, { description: "The signed-in user's wallet" })
  async wallet(@Ctx() ctx: AppContext, @Info() info: GraphQLResolveInfo): Promise<WalletType> {
    const userId = ctx.user!.id;
    const args = selectedFieldArgs(info, 'transactions');
    const page = args && pageArgs(args.first as number | null | undefined, args.after as string | null | undefined);
    if (!page) return WalletType.from(await walletOf(ctx.services.pool, userId));
    const both = await walletWithTransactions(ctx.services.pool, userId, page);
    return Object.assign(WalletType.from(both.wallet), { prefetched: { ...page, page: both.page } });
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
    const fetched = wallet.prefetched;
    const page = fetched && fetched.first === size && fetched.after === afterId
      ? fetched.page
      : await walletTransactions(ctx.services.pool, wallet.userId, size, afterId);
    return toConnection(page.items, page.hasNextPage, page.totalCount, afterId, WalletTransactionNode.from);
  }
}

/** Valid page arguments, or null (the field resolver then reports them as it always has). */
function pageArgs(first: number | null | undefined, after: string | null | undefined): { first: number; after: string | null } | null {
  try {
    return { first: pageSize(first), after: decodeCursor(after) };
  } catch {
    return null;
  }
}

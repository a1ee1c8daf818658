import { GraphQLError } from 'graphql';
import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import type { User } from '../domain/user';
import { UserType } from './user.type';

@Resolver()
export class MeResolver {
  @Authorized()
  @Query(() => UserType, { description: 'The signed-in user' })
  async me(@Ctx() ctx: AppContext): Promise<UserType | null> {
    const { rows } = await ctx.services.pool.query<User>(
      'select id, email, name, role, version, created_at as "createdAt" from users where id = $1', [ctx.user!.id],
    );
    // A token can outlive its account: that caller is not signed in as anyone (me is non-null).
    if (!rows[0]) throw new GraphQLError('Your account no longer exists', { extensions: { code: 'UNAUTHENTICATED' } });
    return UserType.from(rows[0]);
  }
}

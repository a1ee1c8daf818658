import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { User } from '../domain/user.entity';
import { UserType } from './user.type';

@Resolver()
export class MeResolver {
  @Authorized()
  @Query(() => UserType, { description: 'The signed-in user' })
  async me(@Ctx() ctx: AppContext): Promise<UserType | null> {
    const user = await ctx.em.findOne(User, { id: ctx.user!.id });
    return user ? UserType.from(user) : null;
  }
}

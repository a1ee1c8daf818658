import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { identityDeps } from '../../identity.deps';
import { RateLimit } from '../../../../graphql/rate-limit';
import { AuthPayload, UserType } from '../../queries/user.type';
import { SignInInput } from './sign-in.input';
import { signIn } from './sign-in.handler';

@Resolver()
export class SignInResolver {
  @Mutation(() => AuthPayload)
  @UseMiddleware(RateLimit('signIn', { subject: (args) => args.input?.email }))
  signIn(@Arg('input') input: SignInInput, @Ctx() ctx: AppContext): Promise<AuthPayload> {
    return runCommand(input, { token: null, user: null }, async () => {
      const user = await signIn(identityDeps(ctx.services.write), input);
      return { token: await ctx.services.tokens.issue(user), user: UserType.from(user) };
    });
  }
}

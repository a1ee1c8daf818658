import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { identityDeps } from '../../identity.deps';
import { AuthPayload, UserType } from '../../queries/user.type';
import { SignUpInput } from './sign-up.input';
import { signUp } from './sign-up.handler';

@Resolver()
export class SignUpResolver {
  @Mutation(() => AuthPayload)
  signUp(@Arg('input') input: SignUpInput, @Ctx() ctx: AppContext): Promise<AuthPayload> {
    return runCommand(input, { token: null, user: null }, async () => {
      const user = await signUp(identityDeps(ctx.services.write), input);
      return { token: await ctx.services.tokens.issue(user), user: UserType.from(user) };
    });
  }
}

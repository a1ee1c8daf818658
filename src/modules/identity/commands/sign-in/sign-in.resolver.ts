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
  // Guesses count against the email tried from each address (and the address, as every action
  // does), whoever is signed in: per caller, 4 throwaway accounts made 80 guesses at one victim in
  // 1.8 s; per email alone, anyone spraying the victim's email locked its owner out everywhere.
  @UseMiddleware(RateLimit('signIn', {
    subject: (args, ctx) => (typeof args.input?.email === 'string' ? `${args.input.email.trim()} from ${ctx.ip}` : null),
    subjectAlways: true,
  }))
  signIn(@Arg('input') input: SignInInput, @Ctx() ctx: AppContext): Promise<AuthPayload> {
    return runCommand(input, { token: null, user: null }, async () => {
      const user = await signIn(identityDeps(ctx.services.write), input);
      return { token: await ctx.services.tokens.issue(user), user: UserType.from(user) };
    });
  }
}

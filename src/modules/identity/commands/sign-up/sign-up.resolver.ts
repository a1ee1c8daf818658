import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { ErrorCode, userError } from '../../../../shared/user-error';
import { identityDeps } from '../../identity.deps';
import { AuthPayload, UserType } from '../../queries/user.type';
import { SignUpInput } from './sign-up.input';
import { signUp } from './sign-up.handler';

@Resolver()
export class SignUpResolver {
  @Mutation(() => AuthPayload)
  async signUp(@Arg('input') input: SignUpInput, @Ctx() ctx: AppContext): Promise<AuthPayload> {
    // Before anything else (validation included): a refused sign-up costs one Redis round trip, no hash.
    const decision = await ctx.services.modules.identity.signUpLimiter.hit('signUp', { ip: ctx.ip });
    if (!decision.allowed) {
      const seconds = Math.ceil(decision.retryAfterMs / 1000);
      const refusal = userError(ErrorCode.RATE_LIMITED, `Too many sign-ups from this address; try again in ${seconds} s`);
      return { token: null, user: null, userErrors: [{ ...refusal, retryAfterSeconds: seconds }] } as AuthPayload;
    }
    return runCommand(input, { token: null, user: null }, async () => {
      const user = await signUp(identityDeps(ctx.services.write), input);
      return { token: await ctx.services.tokens.issue(user), user: UserType.from(user) };
    });
  }
}

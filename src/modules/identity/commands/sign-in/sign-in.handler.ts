import { invalidCredentials } from '../../domain/identity-errors';
import { DUMMY_HASH, verifyPassword } from '../../domain/password';
import type { User } from '../../domain/user';
import type { IdentityDeps } from '../../identity.deps';
import type { SignInInput } from './sign-in.input';

/** One answer for "no such email" and "wrong password", in the same time: no account probing. */
export async function signIn(deps: IdentityDeps, input: SignInInput): Promise<User> {
  const user = await deps.transactions.withTransaction((tx) => deps.users.byEmail(tx, input.email.trim().toLowerCase()));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw invalidCredentials();
  return user;
}

import { newId } from '../../../../shared/ids';
import { emailTaken } from '../../domain/identity-errors';
import { hashPassword } from '../../domain/password';
import { Role, type User } from '../../domain/user';
import type { IdentityDeps } from '../../identity.deps';
import type { SignUpInput } from './sign-up.input';

export async function signUp(deps: IdentityDeps, input: SignUpInput): Promise<User> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const user: User = {
    id: newId(now.getTime()), email, name: input.name.trim(), role: (input.role ?? Role.CUSTOMER) as Role,
    passwordHash: await hashPassword(input.password), version: 1, createdAt: now,
  };
  // Two sign-ups with one email at once: the unique index decides.
  const created = await deps.transactions.withTransaction((tx) => deps.users.insert(tx, user));
  if (!created) throw emailTaken();
  return user;
}

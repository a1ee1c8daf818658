import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import { User } from '../../domain/user.entity';
import { DUMMY_HASH, verifyPassword } from '../../domain/password';
import type { SignInInput } from './sign-in.input';

/** One answer for "no such email" and "wrong password", in the same time: no account probing. */
export async function signIn(em: EntityManager, input: SignInInput): Promise<User> {
  const user = await em.findOne(User, { email: input.email.trim().toLowerCase() });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw new UserFacingError([userError(ErrorCode.INVALID_CREDENTIALS, 'Email or password is wrong')]);
  return user;
}

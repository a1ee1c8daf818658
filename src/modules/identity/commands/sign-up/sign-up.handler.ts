import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { newId } from '../../../../shared/ids';
import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import { Role, User } from '../../domain/user.entity';
import { hashPassword } from '../../domain/password';
import type { SignUpInput } from './sign-up.input';

const emailTaken = () => new UserFacingError([userError(ErrorCode.EMAIL_TAKEN, 'An account with this email exists', ['input', 'email'])]);

export async function signUp(em: EntityManager, clock: Clock, input: SignUpInput): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (await em.count(User, { email })) throw emailTaken();
  const now = clock.now();
  const user = em.create(User, {
    id: newId(now.getTime()), email, name: input.name.trim(), role: Role.CUSTOMER,
    passwordHash: await hashPassword(input.password), createdAt: now,
  });
  try {
    await em.persist(user).flush();
  } catch (err) {
    // Two sign-ups with one email at once: the unique index decides.
    if (err instanceof UniqueConstraintViolationException) throw emailTaken();
    throw err;
  }
  return user;
}

import { newId } from '../../shared/ids';
import { hashPassword } from './domain/password';
import { Role } from './domain/user';
import type { IdentityDeps } from './identity.deps';

/** The account from ADMIN_EMAIL / ADMIN_PASSWORD exists with role ADMIN and that password after every start. */
export async function ensureAdmin(deps: IdentityDeps, email: string, password: string): Promise<void> {
  const user = {
    id: newId(), email: email.toLowerCase(), name: 'Administrator', passwordHash: await hashPassword(password),
    role: Role.ADMIN, version: 1, createdAt: deps.clock.now(),
  };
  await deps.transactions.withTransaction((tx) => deps.users.upsertAdmin(tx, user));
}

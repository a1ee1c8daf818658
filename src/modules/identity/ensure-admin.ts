import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../shared/ids';
import { hashPassword } from './domain/password';

/** The account from ADMIN_EMAIL / ADMIN_PASSWORD exists with role ADMIN and that password after every start. */
export async function ensureAdmin(em: EntityManager, email: string, password: string): Promise<void> {
  await em.execute(
    `insert into users (id, email, name, password_hash, role) values (?, ?, 'Administrator', ?, 'ADMIN')
     on conflict (email) do update set role = 'ADMIN', password_hash = excluded.password_hash, version = users.version + 1`,
    [newId(), email.toLowerCase(), await hashPassword(password)],
  );
}

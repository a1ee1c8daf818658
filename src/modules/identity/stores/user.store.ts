import type { Tx } from '../../../shared/tx';
import type { User } from '../domain/user';

/** Accounts (`users`). */
export interface UserStore {
  byEmail(tx: Tx, email: string): Promise<User | null>;
  byId(tx: Tx, id: string): Promise<User | null>;
  /** false when the email is taken (the unique index decides between two sign-ups at once). */
  insert(tx: Tx, user: User): Promise<boolean>;
  /** The account exists with role ADMIN and this password hash. */
  upsertAdmin(tx: Tx, user: User): Promise<void>;
}

const COLUMNS = 'id, email, name, password_hash as "passwordHash", role, version, created_at as "createdAt"';

export const pgUsers: UserStore = {
  async byEmail(tx, email) {
    return (await tx.query<User>(`select ${COLUMNS} from users where email = $1`, [email]))[0] ?? null;
  },

  async byId(tx, id) {
    return (await tx.query<User>(`select ${COLUMNS} from users where id = $1`, [id]))[0] ?? null;
  },

  async insert(tx, u) {
    const rows = await tx.query(
      `insert into users (id, email, name, password_hash, role, version, created_at) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (email) do nothing returning 1`,
      [u.id, u.email, u.name, u.passwordHash, u.role, u.version, u.createdAt],
    );
    return rows.length === 1;
  },

  async upsertAdmin(tx, u) {
    await tx.query(
      `insert into users (id, email, name, password_hash, role, version, created_at) values ($1, $2, $3, $4, 'ADMIN', 1, $5)
       on conflict (email) do update set role = 'ADMIN', password_hash = excluded.password_hash, version = users.version + 1`,
      [u.id, u.email, u.name, u.passwordHash, u.createdAt],
    );
  },
};

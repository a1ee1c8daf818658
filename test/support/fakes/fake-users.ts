import type { Tx } from '../../../src/shared/tx';
import { Role, type User } from '../../../src/modules/identity/domain/user';
import type { UserStore } from '../../../src/modules/identity/stores/user.store';
import { mapParticipant, statement, type Participant } from './fake-transactions';

/** users in memory: emails are unique and matched exactly (handlers lower-case them first, as with Postgres). */
export class FakeUsers implements UserStore, Participant {
  readonly rows = new Map<string, User>();
  private readonly saved = mapParticipant(this.rows);

  byEmail(tx: Tx, email: string): Promise<User | null> {
    return statement(tx, 'users.byEmail', () => this.findByEmail(email));
  }

  byId(tx: Tx, id: string): Promise<User | null> {
    return statement(tx, 'users.byId', () => this.rows.get(id) ?? null);
  }

  insert(tx: Tx, u: User): Promise<boolean> {
    return statement(tx, 'users.insert', () => {
      if (this.findByEmail(u.email)) return false; // on conflict (email) do nothing
      if (this.rows.has(u.id)) throw new Error(`duplicate key value violates unique constraint "users_pkey" (${u.id})`);
      this.checkRole(u.role);
      this.rows.set(u.id, structuredClone(u));
      return true;
    });
  }

  upsertAdmin(tx: Tx, u: User): Promise<void> {
    return statement(tx, 'users.upsertAdmin', () => {
      const existing = this.findByEmail(u.email);
      if (existing) {
        Object.assign(existing, { role: Role.ADMIN, passwordHash: u.passwordHash, version: existing.version + 1 });
        return;
      }
      if (this.rows.has(u.id)) throw new Error(`duplicate key value violates unique constraint "users_pkey" (${u.id})`);
      this.rows.set(u.id, structuredClone({ ...u, role: Role.ADMIN, version: 1 }));
    });
  }

  /** Given: an account as if signed up earlier (no transaction). */
  seed(user: User): User {
    this.rows.set(user.id, structuredClone(user));
    return user;
  }

  private findByEmail(email: string): User | null {
    return [...this.rows.values()].find((u) => u.email === email) ?? null;
  }

  private checkRole(role: string): void {
    if (!Object.values(Role).includes(role as Role)) throw new Error('new row for relation "users" violates check constraint "users_role_check"');
  }

  snapshot(): unknown {
    return this.saved.snapshot();
  }

  restore(saved: unknown): void {
    this.saved.restore(saved);
  }
}

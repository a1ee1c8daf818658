import type { Pool } from 'pg';
import type { Role } from '../domain/user';

/**
 * The account as it is now, for the checks a token's claims cannot answer: a token keeps the
 * role it was issued with until it expires, so a demoted admin kept admin rights and a deleted
 * user kept writing for up to JWT_TTL_SECONDS. Admin operations and writes ask here.
 * Remembered for `ttlMs` (CURRENT_USER_CACHE_MS) per process: a role change or deletion takes
 * effect everywhere within that time; `forget` makes it immediate in this process.
 */
export class CurrentUsers {
  private readonly known = new Map<string, { role: Role | null; until: number }>();

  constructor(private readonly pool: Pool, private readonly ttlMs: number, private readonly maxEntries = 10_000) {}

  /** The user's current role; null when the account no longer exists. */
  async role(userId: string): Promise<Role | null> {
    const hit = this.known.get(userId);
    if (hit && hit.until > Date.now()) return hit.role;
    const { rows } = await this.pool.query<{ role: Role }>('select role from users where id = $1', [userId]);
    const role = rows[0]?.role ?? null;
    if (this.ttlMs > 0) {
      this.known.delete(userId);
      if (this.known.size >= this.maxEntries) this.known.delete(this.known.keys().next().value!);
      this.known.set(userId, { role, until: Date.now() + this.ttlMs });
    }
    return role;
  }

  forget(userId: string): void {
    this.known.delete(userId);
  }
}

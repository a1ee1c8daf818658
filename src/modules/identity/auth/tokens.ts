import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '../domain/user';

export interface AuthUser {
  id: string;
  role: Role;
  /** When the token that named this user expires (ms); long-lived connections close then. */
  expiresAtMs?: number;
}

const ALGORITHM = 'HS256';
const ISSUER = 'stampede';
const AUDIENCE = 'stampede-api';

/** Verified tokens remembered per process (see `verify`). */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/** JWTs with the algorithm pinned: a token signed otherwise (or `alg: none`) is refused. */
export class Tokens {
  private readonly key: Uint8Array;
  /** token string → who it names and when it expires (ms); only tokens that passed jwtVerify. */
  private readonly verified = new Map<string, { user: AuthUser; expiresAtMs: number }>();

  constructor(secret: string, private readonly ttlSeconds: number, private readonly cacheSize = VERIFIED_TOKEN_CACHE_SIZE) {
    this.key = new TextEncoder().encode(secret);
  }

  issue(user: AuthUser): Promise<string> {
    return new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /**
   * The user a token names, or null for anything expired, tampered or malformed.
   * A token that passed verification is remembered (keyed by its exact string, bounded, oldest
   * dropped first) until its own `exp`: the same string verifies the same way until then, since
   * nothing else in it can change and there is no revocation list. Clients send the same token on
   * every request, and the HMAC check was a measurable share of a small query's CPU.
   * Refused tokens are never remembered (so junk cannot fill the cache).
   */
  async verify(token: string): Promise<AuthUser | null> {
    const known = this.verified.get(token);
    if (known !== undefined) {
      // jose refuses once floor(now / 1000) >= exp, i.e. now >= exp * 1000: the same bound.
      if (Date.now() < known.expiresAtMs) return { ...known.user, expiresAtMs: known.expiresAtMs };
      this.verified.delete(token);
    }
    try {
      // exp is required: a token without one (never issued here, but correctly signed) would be valid forever.
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp'] });
      if (typeof payload.sub !== 'string' || typeof payload.role !== 'string') return null;
      const user: AuthUser = { id: payload.sub, role: payload.role as Role, expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined };
      // Only tokens that expire (ours always do) are remembered, and only until they do.
      if (typeof payload.exp === 'number' && this.cacheSize > 0) {
        if (this.verified.size >= this.cacheSize) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { user: { ...user }, expiresAtMs: payload.exp * 1000 });
      }
      return user;
    } catch {
      return null;
    }
  }

  /** From an `Authorization: Bearer …` value: undefined when absent, null when present but bad. */
  async fromHeader(header: unknown): Promise<AuthUser | null | undefined> {
    if (header === undefined || header === null || header === '') return undefined;
    const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
    return match ? this.verify(match[1]) : null;
  }
}

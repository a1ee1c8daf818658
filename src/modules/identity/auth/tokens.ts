import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '../domain/user.entity';

export interface AuthUser {
  id: string;
  role: Role;
}

const ALGORITHM = 'HS256';
const ISSUER = 'stampede';
const AUDIENCE = 'stampede-api';

/** JWTs with the algorithm pinned: a token signed otherwise (or `alg: none`) is refused. */
export class Tokens {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds: number) {
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

  /** The user a token names, or null for anything expired, tampered or malformed. */
  async verify(token: string): Promise<AuthUser | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload.sub !== 'string' || typeof payload.role !== 'string') return null;
      return { id: payload.sub, role: payload.role as Role };
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

import type { Infrastructure } from '../../graphql/context';
import { RateLimiter } from '../../infrastructure/rate-limit/rate-limiter';
import { CurrentUsers } from './auth/current-users';

/** What identity keeps per process: who each account is now, and the sign-up limit. */
export interface IdentityServices {
  currentUsers: CurrentUsers;
  /**
   * Sign-ups per client IP per minute (SIGNUP_RATE_LIMIT_PER_IP), counted in Redis like the
   * other limits. Each sign-up is a scrypt hash (~50 ms of CPU): unlimited, 40 clients made 248
   * accounts in 5 s and slowed everyone's sign-in from 46 to ~900 ms. The limit bounds the
   * hashing one address can cause, and EMAIL_TAKEN probing with it.
   */
  signUpLimiter: RateLimiter;
}

export const identityServices = (infra: Infrastructure): IdentityServices => ({
  currentUsers: new CurrentUsers(infra.pool, infra.config.currentUserCacheMs),
  signUpLimiter: new RateLimiter(infra.cache.redis, { windowMs: 60_000, perUser: Number.MAX_SAFE_INTEGER, perIp: infra.config.signUpRateLimitPerIp }, infra.log),
});

declare module '../../graphql/context' {
  interface ModuleServices {
    identity: IdentityServices;
  }
}

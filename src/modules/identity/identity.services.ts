import type { Infrastructure } from '../../graphql/context';
import { CurrentUsers } from './auth/current-users';

/** What identity keeps per process: who each account is now (for admin operations and writes). */
export interface IdentityServices {
  currentUsers: CurrentUsers;
}

export const identityServices = (infra: Infrastructure): IdentityServices => ({
  currentUsers: new CurrentUsers(infra.pool, infra.config.currentUserCacheMs),
});

declare module '../../graphql/context' {
  interface ModuleServices {
    identity: IdentityServices;
  }
}

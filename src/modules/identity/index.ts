import type { StampedeModule } from '../module';
import { SignUpResolver } from './commands/sign-up/sign-up.resolver';
import { SignInResolver } from './commands/sign-in/sign-in.resolver';
import { MeResolver } from './queries/me.resolver';
import { UserEntity } from './stores/user.entity';
import { IdentityErrorCode } from './domain/identity-errors';
import { ensureAdmin } from './ensure-admin';
import { identityDeps } from './identity.deps';
import { identityServices } from './identity.services';

/** What the identity module offers the rest of the codebase. */
export { Tokens, type AuthUser } from './auth/tokens';
export { Role } from './domain/user';

const identity: StampedeModule = {
  name: 'identity',
  resolvers: [SignUpResolver, SignInResolver, MeResolver],
  entities: [UserEntity],
  errorCodes: IdentityErrorCode,
  services: identityServices,
  roles: {
    // The account from ADMIN_EMAIL / ADMIN_PASSWORD exists with role ADMIN before the API answers.
    api: async ({ services }) => {
      await ensureAdmin(identityDeps(services.write), services.config.adminEmail, services.config.adminPassword);
      return async () => undefined;
    },
  },
};
export { identity as module };

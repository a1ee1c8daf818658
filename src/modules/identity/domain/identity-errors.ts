import { UserFacingError, userError } from '../../../shared/user-error';

/** The identity module's userErrors codes (merged into the GraphQL ErrorCode enum). */
export const IdentityErrorCode = {
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
} as const;

export const emailTaken = () => new UserFacingError([userError(IdentityErrorCode.EMAIL_TAKEN, 'An account with this email exists', ['input', 'email'])]);

/** One answer for "no such email" and "wrong password": no account probing. */
export const invalidCredentials = () => new UserFacingError([userError(IdentityErrorCode.INVALID_CREDENTIALS, 'Email or password is wrong')]);

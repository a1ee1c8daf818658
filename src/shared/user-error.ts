/**
 * Expected business failures are data, not exceptions. These are the codes every context may
 * answer with (and the ones graphql/ itself uses); each module owns its own codes in its domain
 * (e.g. OrderingErrorCode) and lists them in its StampedeModule. The GraphQL ErrorCode enum is
 * registered from all of them merged (graphql/error-code.ts).
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_FLIGHT: 'IDEMPOTENCY_KEY_IN_FLIGHT',
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface UserErrorData {
  /** One of the merged ErrorCode values (shared or a module's). */
  code: string;
  message: string;
  field?: string[];
  /** RATE_LIMITED only: seconds until the same call may be allowed again. */
  retryAfterSeconds?: number;
}

export function userError(code: string, message: string, field?: string[]): UserErrorData {
  return field ? { code, message, field } : { code, message };
}

/** Thrown inside a transaction to roll it back and still answer with a user error. */
export class UserFacingError extends Error {
  constructor(readonly errors: UserErrorData[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

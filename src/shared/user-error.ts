/**
 * Expected business failures are data, not exceptions. The GraphQL layer exposes these
 * codes as the ErrorCode enum; later contexts add theirs here.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_FLIGHT = 'IDEMPOTENCY_KEY_IN_FLIGHT',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  INSUFFICIENT_BALANCE = 'INSUFFICIENT_BALANCE',
  BALANCE_LIMIT_EXCEEDED = 'BALANCE_LIMIT_EXCEEDED',
  ORDER_NOT_PAYABLE = 'ORDER_NOT_PAYABLE',
  ORDER_EXPIRED = 'ORDER_EXPIRED',
  ORDER_NOT_CANCELLABLE = 'ORDER_NOT_CANCELLABLE',
  RATE_LIMITED = 'RATE_LIMITED',
  EXPORT_FAILED = 'EXPORT_FAILED',
  COUPON_EXHAUSTED = 'COUPON_EXHAUSTED',
  COUPON_ALREADY_ISSUED = 'COUPON_ALREADY_ISSUED',
  COUPON_NOT_ACTIVE = 'COUPON_NOT_ACTIVE',
  COUPON_NOT_USABLE = 'COUPON_NOT_USABLE',
}

export interface UserErrorData {
  code: ErrorCode;
  message: string;
  field?: string[];
}

export function userError(code: ErrorCode, message: string, field?: string[]): UserErrorData {
  return field ? { code, message, field } : { code, message };
}

/** Thrown inside a transaction to roll it back and still answer with a user error. */
export class UserFacingError extends Error {
  constructor(readonly errors: UserErrorData[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

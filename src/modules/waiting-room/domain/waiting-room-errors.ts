import { ErrorCode, UserFacingError, userError, type UserErrorData } from '../../../shared/user-error';

/**
 * The waiting room's own userErrors codes, merged into the GraphQL ErrorCode enum by the module
 * list (index.ts exports them as the module's errorCodes).
 */
export const WaitingRoomErrorCode = {
  /** No token, or one that is forged or malformed. */
  QUEUE_TOKEN_REQUIRED: 'QUEUE_TOKEN_REQUIRED',
  /** A genuine token that is not the caller's ACTIVE ticket here: still waiting, expired, another gate's or another user's. */
  QUEUE_TOKEN_NOT_ACTIVE: 'QUEUE_TOKEN_NOT_ACTIVE',
  /** The live queue (Redis) cannot be reached: nobody new is admitted. */
  GATE_UNAVAILABLE: 'GATE_UNAVAILABLE',
  GATE_CLOSED: 'GATE_CLOSED',
  QUEUE_NOT_OPEN: 'QUEUE_NOT_OPEN',
} as const;
export type WaitingRoomErrorCode = keyof typeof WaitingRoomErrorCode;

export const roomError = (code: WaitingRoomErrorCode | ErrorCode, message: string, field?: string[]): UserErrorData => userError(code, message, field);

export const gateNotFound = (field = 'id') => new UserFacingError([roomError(ErrorCode.NOT_FOUND, 'No such gate', ['input', field])]);
export const gateExists = (field: string) => new UserFacingError([roomError(ErrorCode.CONFLICT, 'That resource already has a gate: update it instead', ['input', field])]);
export const gateUnavailable = () => new UserFacingError([roomError('GATE_UNAVAILABLE', 'The waiting room cannot be reached right now; try again shortly')]);
export const gateClosed = () => new UserFacingError([roomError('GATE_CLOSED', 'This queue is closed', ['input', 'gateId'])]);
export const queueNotOpen = (opensAt: Date) => new UserFacingError([roomError('QUEUE_NOT_OPEN', `The queue opens at ${opensAt.toISOString()}`, ['input', 'gateId'])]);
export const tokenRequired = () => new UserFacingError([roomError('QUEUE_TOKEN_REQUIRED', 'Not a queue token of yours', ['input', 'token'])]);

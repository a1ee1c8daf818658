import { ErrorCode, UserFacingError, userError, type UserErrorData } from '../../../shared/user-error';

/** The ticketing module's userErrors codes (merged into the GraphQL ErrorCode enum). */
export const TicketingErrorCode = {
  SALES_NOT_OPEN: 'SALES_NOT_OPEN',
  SEAT_UNAVAILABLE: 'SEAT_UNAVAILABLE',
  SEAT_LIMIT_EXCEEDED: 'SEAT_LIMIT_EXCEEDED',
  RESERVATION_EXPIRED: 'RESERVATION_EXPIRED',
  RESERVATION_NOT_HELD: 'RESERVATION_NOT_HELD',
  RESERVATION_NOT_CANCELLABLE: 'RESERVATION_NOT_CANCELLABLE',
  /** joinWaitlist while enough seats are free: hold them instead. */
  SEATS_AVAILABLE: 'SEATS_AVAILABLE',
} as const;
export type TicketingErrorCodeName = keyof typeof TicketingErrorCode;

export const ticketingError = (code: TicketingErrorCodeName, message: string, field?: string[]): UserErrorData => userError(code, message, field);

/** The same answer as for orders (the code is the ordering module's). */
export const insufficientBalance = (total: number) =>
  new UserFacingError([userError('INSUFFICIENT_BALANCE', `Your balance does not cover the total of ${total} won; charge points first`)]);

const refuse = (code: TicketingErrorCodeName, message: string, field?: string[]) => new UserFacingError([ticketingError(code, message, field)]);

export const eventNotFound = () => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such event', ['input', 'eventId'])]);
export const performanceNotFound = () => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such performance', ['input', 'performanceId'])]);
export const reservationNotFound = () => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such reservation', ['input', 'reservationId'])]);
export const badInput = (message: string, field: string[]) => new UserFacingError([userError(ErrorCode.BAD_USER_INPUT, message, field)]);

export const salesNotOpen = (opensAt: Date) => refuse('SALES_NOT_OPEN', `Sales open at ${opensAt.toISOString()}`, ['input', 'performanceId']);
/** `field`: what the caller sent that broke the cap (seatNumbers, bestAvailable.count, count). */
export const seatLimitExceeded = (max: number, already: number, field: string[]) =>
  refuse('SEAT_LIMIT_EXCEEDED', `At most ${max} seats per person for this performance; you hold or bought ${already}`, ['input', ...field]);
export const salesEnded = (startsAt: Date) =>
  refuse('SALES_NOT_OPEN', `Sales ended when the performance started (${startsAt.toISOString()})`, ['input', 'performanceId']);
export const reservationExpired = () =>
  refuse('RESERVATION_EXPIRED', 'The hold expired and its seats were taken by someone else; hold seats again', ['input', 'reservationId']);
export const reservationNotHeld = (status: string) =>
  refuse('RESERVATION_NOT_HELD', `Only a HELD reservation can be paid or released; this one is ${status}`, ['input', 'reservationId']);
export const seatsAvailable = (free: number) =>
  refuse('SEATS_AVAILABLE', `${free} seats are free: hold them with holdSeats; the waiting list is for a sold-out performance`, ['input', 'count']);
export const reservationNotCancellable = (why: string) => refuse('RESERVATION_NOT_CANCELLABLE', why, ['input', 'reservationId']);

/** SEAT_UNAVAILABLE naming every taken seat (`field` points at each). */
export function seatsUnavailable(taken: number[], requested: number[] | null): UserFacingError {
  const fields = taken.map((n) => (requested ? ['input', 'seatNumbers', String(requested.indexOf(n))] : ['input', 'bestAvailable']));
  if (taken.length === 0) return refuse('SEAT_UNAVAILABLE', 'Not enough adjacent free seats in that grade', ['input', 'bestAvailable']);
  return new UserFacingError(taken.map((n, i) => ticketingError('SEAT_UNAVAILABLE', `Seat ${n} is already held or sold`, fields[i])));
}

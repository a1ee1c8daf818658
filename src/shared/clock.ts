/** The only way code reads time, so handlers and tests can pin it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * "The last N days" of the ranking, in UTC: today and the N−1 whole days before it. The window
 * is half-open in time, [from, to): `from` is 00:00 UTC of the first day, `to` is 00:00 UTC of
 * tomorrow. The previous window is the N days right before `from`, so previousRank compares
 * like with like. Days are ISO dates ('2026-11-23'), the same as Postgres `date` text.
 */
export const MAX_DAYS = 30;
export const MAX_LIMIT = 50;
const DAY_MS = 86_400_000;

export interface RankingWindow {
  days: number;
  /** First and last day counted, inclusive. */
  firstDay: string;
  lastDay: string;
  previousFirstDay: string;
  previousLastDay: string;
  from: Date;
  to: Date;
}

export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS));
}

export function rankingWindow(now: Date, days: number): RankingWindow {
  const lastDay = utcDay(now);
  const firstDay = addDays(lastDay, -(days - 1));
  return {
    days,
    firstDay,
    lastDay,
    previousFirstDay: addDays(firstDay, -days),
    previousLastDay: addDays(firstDay, -1),
    from: new Date(`${firstDay}T00:00:00.000Z`),
    to: new Date(`${addDays(lastDay, 1)}T00:00:00.000Z`),
  };
}

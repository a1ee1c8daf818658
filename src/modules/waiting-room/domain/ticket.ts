/**
 * A queue ticket: one per user per gate while it is WAITING or ACTIVE. It only moves forward:
 * WAITING → ACTIVE → EXPIRED, or WAITING → EXPIRED (left, or no heartbeat). Each move raises
 * `version`, which is also the aggregate version of its event.
 */
export type TicketStatus = 'WAITING' | 'ACTIVE' | 'EXPIRED';

/** Why a ticket ended: its active time ran out, it stopped heartbeating, the purchase is done, or the shopper left. */
export type EndReason = 'TTL' | 'HEARTBEAT' | 'COMPLETED' | 'LEFT';

export interface Ticket {
  id: string;
  gateId: string;
  userId: string;
  /** Entry order (Redis INCR per gate): 1, 2, 3, … */
  seq: number;
  /** Where it stands in the queue: lower is admitted first (see orderKey). */
  orderKey: number;
  /** Entered in a RANDOM_PREQUEUE gate's prequeue window. */
  prequeued: boolean;
  status: TicketStatus;
  enteredAt: Date;
  admittedAt: Date | null;
  /** 1 for the gate's first admission, 2 for the next, … */
  admittedNo: number | null;
  /** ACTIVE: when the admission runs out; EXPIRED: when it ended. */
  expiresAt: Date | null;
  endedAt: Date | null;
  endReason: EndReason | null;
  version: number;
}

/**
 * Order keys. FIFO: the entry sequence. RANDOM_PREQUEUE: a prequeue entrant draws a uniform
 * random key below LATER_BASE (crypto random, 40 bits; ties are left to Redis's member order);
 * sorting by those keys is a uniform shuffle, revealed at opensAt — no position is shown
 * before it, so nobody can see or re-roll their draw. Later entrants get LATER_BASE + seq:
 * after every pre-queued ticket, in entry order. All keys stay below 2^53 (exact in a double,
 * in Lua and in JSON).
 */
export const LATER_BASE = 2 ** 40;

export function orderKey(fairness: 'FIFO' | 'RANDOM_PREQUEUE', prequeued: boolean, seq: number, randomKey: number): number {
  if (fairness === 'FIFO') return seq;
  return prequeued ? randomKey : LATER_BASE + seq;
}

/** The status at `now`: an ACTIVE ticket past its expiry is EXPIRED even before the sweep ends it. */
export function statusAt(ticket: Pick<Ticket, 'status' | 'expiresAt'>, now: Date): TicketStatus {
  if (ticket.status === 'ACTIVE' && ticket.expiresAt && ticket.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return ticket.status;
}

/** Admissions are measured over the last minute… */
export const RATE_WINDOW_MS = 60_000;
/** …but over no less than 5 s, so the first few admissions do not read as a huge rate. */
export const MIN_RATE_SPAN_MS = 5_000;

/**
 * Admissions per second as measured: those in the last minute over the time since the oldest
 * of them (at least MIN_RATE_SPAN_MS). Null when nothing was admitted in the last minute —
 * then there is no measurement to estimate from.
 */
export function admissionRate(admittedInWindow: number, oldestAdmissionAt: number | null, now: number): number | null {
  if (admittedInWindow <= 0 || oldestAdmissionAt === null) return null;
  const span = Math.min(RATE_WINDOW_MS, Math.max(MIN_RATE_SPAN_MS, now - oldestAdmissionAt));
  return admittedInWindow / (span / 1000);
}

/** Seconds until a ticket at `position` (1 = next) is admitted at the measured rate; null when unknown. */
export function estimatedWaitSeconds(position: number | null, ratePerSecond: number | null): number | null {
  if (position === null || ratePerSecond === null || ratePerSecond <= 0) return null;
  return Math.ceil(position / ratePerSecond);
}

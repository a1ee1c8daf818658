/**
 * A reservation: seats of one performance held for one user until expiresAt, then paid,
 * released, expired or (once paid) cancelled with a refund.
 *
 *   HELD ──pay──▶ PAID ──cancel (refund, seats free)──▶ CANCELLED
 *    ├──release──▶ RELEASED
 *    └──expires (the sweeper announces it)──▶ EXPIRED
 *
 * An expired hold never blocks anyone: a seat is free when it is not SOLD and its hold has
 * ended, whether or not the sweeper has run. Paying after expiry works only while the seats
 * are still this reservation's (nobody held them since).
 */
export type ReservationStatus = 'HELD' | 'PAID' | 'EXPIRED' | 'RELEASED' | 'CANCELLED';

export interface ReservedSeat {
  number: number;
  grade: string;
  price: number;
}

export interface Reservation {
  id: string;
  performanceId: string;
  userId: string;
  status: ReservationStatus;
  seats: ReservedSeat[];
  total: number;
  expiresAt: string;
  createdAt: string;
  paidAt: string | null;
  paymentId: string | null;
  queueToken: string | null;
  version: number;
}

export const totalOf = (seats: ReservedSeat[]) => seats.reduce((sum, s) => sum + s.price, 0);

export function openReservation(args: {
  id: string; performanceId: string; userId: string; seats: ReservedSeat[]; now: Date; holdSeconds: number; queueToken: string | null;
}): Reservation {
  return {
    id: args.id, performanceId: args.performanceId, userId: args.userId, status: 'HELD',
    seats: [...args.seats].sort((a, b) => a.number - b.number), total: totalOf(args.seats),
    expiresAt: new Date(args.now.getTime() + args.holdSeconds * 1000).toISOString(), createdAt: args.now.toISOString(),
    paidAt: null, paymentId: null, queueToken: args.queueToken, version: 1,
  };
}

export const isLive = (r: Reservation, now: Date) => r.status === 'HELD' && Date.parse(r.expiresAt) > now.getTime();

export function markReservationPaid(r: Reservation, paymentId: string, now: Date): Reservation {
  return { ...r, status: 'PAID', paidAt: now.toISOString(), paymentId, version: r.version + 1 };
}

export function markReservationEnded(r: Reservation, status: 'RELEASED' | 'EXPIRED' | 'CANCELLED'): Reservation {
  return { ...r, status, version: r.version + 1 };
}

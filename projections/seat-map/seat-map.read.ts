import type { GradeRange } from '../../src/modules/ticketing/domain/performance';

/** A seat's state in the read model (seat_read.status). */
export type SeatStatusRead = 'AVAILABLE' | 'HELD' | 'SOLD';

export interface EventRead {
  id: string;
  name: string;
  description: string;
  venue: string;
  category: string;
  createdAt: string;
}

/** One row of performance_read. Seats are numbered 1..seatCount across `grades`, in order. */
export interface PerformanceRead {
  id: string;
  eventId: string;
  startsAt: string;
  salesOpenAt: string;
  seatCount: number;
  maxSeatsPerUser: number;
  holdSeconds: number;
  grades: GradeRange[];
}

/**
 * A performance with the status of every seat, read in one statement: `statuses[n - 1]` is seat
 * n's, 'A' (AVAILABLE), 'H' (HELD) or 'S' (SOLD). Counts and seat lists are all derived from
 * this one string, so they can never disagree with each other.
 */
export interface PerformanceSeatMap extends PerformanceRead {
  statuses: string;
}

/** A performance as its event lists it: free seats per grade (in grade order), no seat list. */
export interface PerformanceSummary extends PerformanceRead {
  availableByGrade: number[];
}

/** An event with its performances and their free seats, read in one statement. */
export interface EventSeatMap extends EventRead {
  performances: PerformanceSummary[];
}

export interface EventsPage {
  items: EventRead[];
  hasNextPage: boolean;
  totalCount: number;
}

const STATUS_CHAR: Record<SeatStatusRead, string> = { AVAILABLE: 'A', HELD: 'H', SOLD: 'S' };
const CHAR_STATUS: Record<string, SeatStatusRead> = { A: 'AVAILABLE', H: 'HELD', S: 'SOLD' };

export const statusChar = (status: SeatStatusRead) => STATUS_CHAR[status];
export const statusOfChar = (char: string): SeatStatusRead => CHAR_STATUS[char] ?? 'AVAILABLE';

/** Free seats of each grade, in grade order, counted from the one status string. */
export function availableByGrade(map: Pick<PerformanceSeatMap, 'grades' | 'statuses'>): number[] {
  return map.grades.map((g) => {
    let free = 0;
    for (let n = g.firstSeat; n <= g.lastSeat; n++) if (map.statuses.charCodeAt(n - 1) === 65 /* 'A' */) free++;
    return free;
  });
}

export interface SeatRead {
  number: number;
  grade: string;
  price: number;
  status: SeatStatusRead;
}

/** Every seat of the map (optionally only those in one status), in seat order. */
export function seatsOf(map: Pick<PerformanceSeatMap, 'grades' | 'statuses'>, status?: SeatStatusRead | null): SeatRead[] {
  const seats: SeatRead[] = [];
  const wanted = status ? statusChar(status) : null;
  for (const g of map.grades) {
    for (let n = g.firstSeat; n <= g.lastSeat; n++) {
      const char = map.statuses[n - 1] ?? 'A';
      if (wanted === null || char === wanted) seats.push({ number: n, grade: g.name, price: g.price, status: statusOfChar(char) });
    }
  }
  return seats;
}

const iso = (v: unknown) => new Date(v as string).toISOString();

export const EVENT_COLUMNS = 'e.id, e.name, e.description, e.venue, e.category, e.created_at as "createdAt"';
export const PERFORMANCE_COLUMNS = `p.id, p.event_id as "eventId", p.starts_at as "startsAt", p.sales_open_at as "salesOpenAt",
  p.seat_count as "seatCount", p.max_seats_per_user as "maxSeatsPerUser", p.hold_seconds as "holdSeconds", p.grades`;

export function toEventRead(row: Record<string, unknown>): EventRead {
  return {
    id: row.id as string, name: row.name as string, description: row.description as string, venue: row.venue as string,
    category: row.category as string, createdAt: iso(row.createdAt),
  };
}

export function toPerformanceRead(row: Record<string, unknown>): PerformanceRead {
  return {
    id: row.id as string, eventId: row.eventId as string, startsAt: iso(row.startsAt), salesOpenAt: iso(row.salesOpenAt),
    seatCount: Number(row.seatCount), maxSeatsPerUser: Number(row.maxSeatsPerUser), holdSeconds: Number(row.holdSeconds),
    grades: row.grades as GradeRange[],
  };
}

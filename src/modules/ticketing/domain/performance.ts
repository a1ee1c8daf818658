/**
 * A performance (a concert date, a train departure, a lecture) and its numbered seats. Seats
 * are numbered 1..N across the grades in the order given: grade one has 1..a, grade two a+1..b.
 */
export interface Grade {
  name: string;
  price: number;
  seats: number;
}

export interface GradeRange extends Grade {
  firstSeat: number;
  lastSeat: number;
}

export interface Performance {
  id: string;
  eventId: string;
  startsAt: Date;
  salesOpenAt: Date;
  grades: GradeRange[];
  seatCount: number;
  maxSeatsPerUser: number;
  holdSeconds: number;
  createdAt: Date;
}

export interface TicketedEvent {
  id: string;
  name: string;
  description: string;
  venue: string;
  category: string;
  createdAt: Date;
}

export const MAX_SEATS_PER_PERFORMANCE = 5_000;
export const MAX_GRADES = 20;
export const MAX_SEATS_PER_HOLD = 10;

export function numberGrades(grades: Grade[]): GradeRange[] {
  let next = 1;
  return grades.map((g) => {
    const range = { ...g, firstSeat: next, lastSeat: next + g.seats - 1 };
    next += g.seats;
    return range;
  });
}

export const gradeOfSeat = (p: Pick<Performance, 'grades'>, seat: number) => p.grades.find((g) => seat >= g.firstSeat && seat <= g.lastSeat) ?? null;

/** Broken rules of a new performance as [field, message]; empty when valid. */
export function performanceProblems(p: { startsAt: Date; salesOpenAt: Date; grades: Grade[]; maxSeatsPerUser: number }, now: Date): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (p.startsAt.getTime() <= now.getTime()) problems.push(['startsAt', 'startsAt must be in the future']);
  if (p.salesOpenAt.getTime() >= p.startsAt.getTime()) problems.push(['salesOpenAt', 'salesOpenAt must be before startsAt']);
  const names = new Set(p.grades.map((g) => g.name));
  if (names.size !== p.grades.length) problems.push(['grades', 'Grade names must be distinct']);
  const total = p.grades.reduce((sum, g) => sum + g.seats, 0);
  if (total > MAX_SEATS_PER_PERFORMANCE) problems.push(['grades', `At most ${MAX_SEATS_PER_PERFORMANCE} seats per performance`]);
  return problems;
}

/**
 * Best available: `count` adjacent free seats in the grade (the lowest such run), else the
 * lowest `count` free seats of the grade; null when the grade has fewer free seats.
 */
export function bestAvailable(free: number[], count: number): number[] | null {
  const sorted = [...free].sort((a, b) => a - b);
  if (sorted.length < count) return null;
  for (let i = 0; i + count <= sorted.length; i++) {
    if (sorted[i + count - 1] - sorted[i] === count - 1) return sorted.slice(i, i + count);
  }
  return sorted.slice(0, count);
}

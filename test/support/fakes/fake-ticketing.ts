import type { Tx } from '../../../src/shared/tx';
import type { QueueAdmission } from '../../../src/modules/waiting-room';
import { numberGrades, type Grade, type Performance, type TicketedEvent } from '../../../src/modules/ticketing/domain/performance';
import { markReservationPaid, openReservation, type Reservation } from '../../../src/modules/ticketing/domain/reservation';
import type { EventStore } from '../../../src/modules/ticketing/stores/event.store';
import type { ReservationStore } from '../../../src/modules/ticketing/stores/reservation.store';
import type { SeatState, SeatStore } from '../../../src/modules/ticketing/stores/seat.store';
import type { WaitlistEntry, WaitlistStore } from '../../../src/modules/ticketing/waitlist/waitlist.store';
import type { TicketingDeps } from '../../../src/modules/ticketing/ticketing.deps';
import { newId } from '../../../src/shared/ids';
import { mapParticipant, statement, type Participant } from './fake-transactions';
import type { FakeWorld } from './world';

/** A seats row as pgSeats sees it. */
export interface FakeSeatRow {
  performanceId: string;
  number: number;
  grade: string;
  price: number;
  sold: boolean;
  reservationId: string | null;
  heldUntil: Date | null;
  version: number;
}

/** The participant shape every fake here shares: one Map, put back on rollback. */
abstract class MapStore<V> implements Participant {
  readonly rows = new Map<string, V>();
  private readonly saved = mapParticipant(this.rows);
  snapshot(): unknown {
    return this.saved.snapshot();
  }
  restore(s: unknown): void {
    this.saved.restore(s);
  }
}

const seatKey = (performanceId: string, n: number) => `${performanceId}/${n}`;
/** pgSeats' STATE: not sold and (never held or the hold ended at `now`). */
const isFree = (s: FakeSeatRow, now: Date) => !s.sold && (s.reservationId === null || (s.heldUntil !== null && s.heldUntil.getTime() <= now.getTime()));
const stateOf = (s: FakeSeatRow, now: Date): SeatState => ({ number: s.number, grade: s.grade, price: s.price, reservationId: s.reservationId, free: isFree(s, now) });

/**
 * `seats` in memory. FakeTransactions runs one transaction at a time, so a lock is a read and
 * "skip locked" skips nothing; every result is ordered by seat number, as pgSeats' are.
 */
export class FakeSeats extends MapStore<FakeSeatRow> implements SeatStore {
  lock(tx: Tx, performanceId: string, numbers: readonly number[], now: Date) {
    return statement(tx, 'seats.lock', () => this.of(performanceId).filter((s) => numbers.includes(s.number)).map((s) => stateOf(s, now)));
  }
  lockFreeInGrade(tx: Tx, performanceId: string, grade: string, now: Date) {
    return statement(tx, 'seats.lockFreeInGrade', () => this.of(performanceId).filter((s) => s.grade === grade && isFree(s, now)).map((s) => stateOf(s, now)));
  }
  countFree(tx: Tx, performanceId: string, grade: string | null, now: Date) {
    return statement(tx, 'seats.countFree', () => this.of(performanceId).filter((s) => (grade === null || s.grade === grade) && isFree(s, now)).length);
  }
  hold(tx: Tx, performanceId: string, numbers: readonly number[], reservationId: string, until: Date) {
    // Unconditional, like the UPDATE: the handler decided on rows it locked.
    return statement(tx, 'seats.hold', () => {
      for (const s of this.of(performanceId).filter((x) => numbers.includes(x.number))) Object.assign(s, { reservationId, heldUntil: new Date(until), version: s.version + 1 });
    });
  }
  lockHeldBy(tx: Tx, performanceId: string, reservationId: string) {
    return statement(tx, 'seats.lockHeldBy', () => this.of(performanceId).filter((s) => s.reservationId === reservationId && !s.sold).map((s) => s.number));
  }
  sell(tx: Tx, performanceId: string, reservationId: string) {
    return statement(tx, 'seats.sell', () => {
      const mine = this.of(performanceId).filter((s) => s.reservationId === reservationId && !s.sold);
      for (const s of mine) Object.assign(s, { sold: true, heldUntil: null, version: s.version + 1 });
      return mine.length;
    });
  }
  free(tx: Tx, reservationIds: readonly string[]) {
    return statement(tx, 'seats.free', () => {
      const mine = [...this.rows.values()].filter((s) => s.reservationId !== null && reservationIds.includes(s.reservationId));
      for (const s of mine) Object.assign(s, { sold: false, reservationId: null, heldUntil: null, version: s.version + 1 });
      return mine.length;
    });
  }

  /** The performance's seats in number order (assertions and the statements above). */
  of(performanceId: string): FakeSeatRow[] {
    return [...this.rows.values()].filter((s) => s.performanceId === performanceId).sort((a, b) => a.number - b.number);
  }
  seat(performanceId: string, n: number): FakeSeatRow | undefined {
    return this.rows.get(seatKey(performanceId, n));
  }
  /** insertPerformance's seat rows (one per number of every grade). */
  insertFor(p: Performance): void {
    for (const g of p.grades) {
      for (let n = g.firstSeat; n <= g.lastSeat; n++) {
        if (this.rows.has(seatKey(p.id, n))) throw new Error('duplicate key value violates unique constraint "seats_pkey"');
        this.rows.set(seatKey(p.id, n), { performanceId: p.id, number: n, grade: g.name, price: g.price, sold: false, reservationId: null, heldUntil: null, version: 1 });
      }
    }
  }
}

/** ticketed_events and performances; a performance brings its seats (one statement in pgEvents). */
export class FakeEvents implements EventStore, Participant {
  readonly events = new Map<string, TicketedEvent>();
  readonly performances = new Map<string, Performance>();
  private readonly saved = [mapParticipant(this.events), mapParticipant(this.performances)];

  constructor(private readonly seats: FakeSeats) {}

  insertEvent(tx: Tx, e: TicketedEvent) {
    return statement(tx, 'events.insertEvent', () => {
      if (this.events.has(e.id)) throw new Error('duplicate key value violates unique constraint "ticketed_events_pkey"');
      this.events.set(e.id, structuredClone(e));
    });
  }
  eventExists(tx: Tx, id: string) {
    return statement(tx, 'events.eventExists', () => this.events.has(id));
  }
  insertPerformance(tx: Tx, p: Performance) {
    return statement(tx, 'events.insertPerformance', () => this.addPerformance(p));
  }
  performance(tx: Tx, id: string) {
    return statement(tx, 'events.performance', () => this.performances.get(id) ?? null);
  }

  /** Given: an event as if created earlier (no transaction). */
  seedEvent(overrides: Partial<TicketedEvent> = {}): TicketedEvent {
    const e: TicketedEvent = { id: newId(), name: 'Gala', description: '', venue: 'Hall', category: 'concert', createdAt: new Date('2026-01-01T00:00:00Z'), ...overrides };
    this.events.set(e.id, structuredClone(e));
    return e;
  }
  /** Given: a performance with its seats, as if created earlier (no transaction). */
  seedPerformance(p: Performance): Performance {
    if (!this.events.has(p.eventId)) this.seedEvent({ id: p.eventId });
    this.addPerformance(p);
    return p;
  }

  private addPerformance(p: Performance): void {
    if (!this.events.has(p.eventId)) throw new Error('insert or update on table "performances" violates foreign key constraint');
    if (this.performances.has(p.id)) throw new Error('duplicate key value violates unique constraint "performances_pkey"');
    this.seats.insertFor(p);
    this.performances.set(p.id, structuredClone(p));
  }

  snapshot() {
    return this.saved.map((s) => s.snapshot());
  }
  restore(s: unknown) {
    this.saved.forEach((p, i) => p.restore((s as unknown[])[i]));
  }
}

/** reservations; transition is the version-guarded UPDATE (status, paidAt, paymentId, version). */
export class FakeReservations extends MapStore<Reservation> implements ReservationStore {
  insert(tx: Tx, r: Reservation) {
    return statement(tx, 'reservations.insert', () => {
      if (this.rows.has(r.id)) throw new Error('duplicate key value violates unique constraint "reservations_pkey"');
      this.rows.set(r.id, structuredClone(r));
    });
  }
  lock(tx: Tx, id: string) {
    return statement(tx, 'reservations.lock', () => this.rows.get(id) ?? null);
  }
  transition(tx: Tx, fromVersion: number, r: Reservation) {
    return statement(tx, 'reservations.transition', () => {
      const row = this.rows.get(r.id);
      if (!row || row.version !== fromVersion) return false;
      Object.assign(row, { status: r.status, paidAt: r.paidAt, paymentId: r.paymentId, version: r.version });
      return true;
    });
  }
  lockBuyerAndCountSeats(tx: Tx, userId: string, performanceId: string, now: Date) {
    return statement(tx, 'reservations.lockBuyerAndCountSeats', () => [...this.rows.values()]
      .filter((r) => r.performanceId === performanceId && r.userId === userId && (r.status === 'PAID' || (r.status === 'HELD' && Date.parse(r.expiresAt) > now.getTime())))
      .reduce((n, r) => n + r.seats.length, 0));
  }
  lockOverdue(tx: Tx, now: Date, limit: number) {
    return statement(tx, 'reservations.lockOverdue', () => [...this.rows.values()]
      .filter((r) => r.status === 'HELD' && Date.parse(r.expiresAt) <= now.getTime())
      .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt)).slice(0, limit));
  }
  get(id: string): Reservation | undefined {
    return this.rows.get(id);
  }
}

type WaitlistRow = Omit<WaitlistEntry, 'position'> & { updatedAt: string; version: number };
const LIVE = ['WAITING', 'OFFERED'];
/** (created_at, id) order, as the waitlist_line index and POSITION compare. */
const lineOrder = (a: WaitlistRow, b: WaitlistRow) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** waitlist_entries: one live (WAITING/OFFERED) entry per user and performance; positions count the line. */
export class FakeWaitlist extends MapStore<WaitlistRow> implements WaitlistStore {
  constructor(private readonly reservations: FakeReservations) {
    super();
  }

  join(tx: Tx, entry: Omit<WaitlistEntry, 'position' | 'status' | 'reservationId'>, now: Date) {
    return statement(tx, 'waitlist.join', () => {
      let live = this.liveOf(entry.performanceId, entry.userId);
      const created = !live;
      if (!live) {
        if (this.rows.has(entry.id)) throw new Error('duplicate key value violates unique constraint "waitlist_entries_pkey"');
        // pgWaitlist stamps created_at with `now`, not entry.createdAt.
        live = { ...entry, status: 'WAITING', reservationId: null, createdAt: now.toISOString(), updatedAt: now.toISOString(), version: 1 };
        this.rows.set(live.id, live);
      }
      return { entry: this.withPosition(live), created };
    });
  }
  mine(tx: Tx, userId: string) {
    return statement(tx, 'waitlist.mine', () => [...this.rows.values()].filter((e) => e.userId === userId)
      .sort((a, b) => -lineOrder(a, b)).slice(0, 100).map((e) => this.withPosition(e)));
  }
  settleOffers(tx: Tx, now: Date) {
    return statement(tx, 'waitlist.settleOffers', () => {
      let n = 0;
      for (const e of this.rows.values()) {
        const r = e.status === 'OFFERED' && e.reservationId ? this.reservations.get(e.reservationId) : undefined;
        if (!r || (r.status === 'HELD' && Date.parse(r.expiresAt) > now.getTime())) continue;
        Object.assign(e, { status: r.status === 'PAID' ? 'FULFILLED' : 'LAPSED', updatedAt: now.toISOString(), version: e.version + 1 });
        n += 1;
      }
      return n;
    });
  }
  linesWaiting(tx: Tx, limit: number) {
    return statement(tx, 'waitlist.linesWaiting', () => {
      const first = new Map<string, string>();
      for (const e of [...this.rows.values()].filter((x) => x.status === 'WAITING').sort(lineOrder)) if (!first.has(e.performanceId)) first.set(e.performanceId, e.createdAt);
      return [...first.keys()].slice(0, limit);
    });
  }
  lockFirst(tx: Tx, performanceId: string) {
    return statement(tx, 'waitlist.lockFirst', () => {
      const [first] = this.waiting(performanceId);
      return first ? this.withPosition(first) : null;
    });
  }
  markOffered(tx: Tx, entryId: string, reservationId: string, now: Date) {
    return statement(tx, 'waitlist.markOffered', () => this.move(entryId, { status: 'OFFERED', reservationId }, now));
  }
  markLapsed(tx: Tx, entryId: string, now: Date) {
    return statement(tx, 'waitlist.markLapsed', () => this.move(entryId, { status: 'LAPSED' }, now));
  }

  private move(id: string, change: Partial<WaitlistRow>, now: Date): void {
    const e = this.rows.get(id);
    if (!e) return; // an UPDATE that matched nothing
    if (change.status && LIVE.includes(change.status) && !LIVE.includes(e.status) && this.liveOf(e.performanceId, e.userId)) {
      throw new Error('duplicate key value violates unique constraint "waitlist_live_entry"');
    }
    Object.assign(e, change, { updatedAt: now.toISOString(), version: e.version + 1 });
  }
  private liveOf(performanceId: string, userId: string): WaitlistRow | undefined {
    return [...this.rows.values()].find((e) => e.performanceId === performanceId && e.userId === userId && LIVE.includes(e.status));
  }
  private waiting(performanceId: string): WaitlistRow[] {
    return [...this.rows.values()].filter((e) => e.performanceId === performanceId && e.status === 'WAITING').sort(lineOrder);
  }
  private withPosition(e: WaitlistRow): WaitlistEntry {
    const { updatedAt: _u, version: _v, ...entry } = e;
    const position = e.status === 'WAITING' ? this.waiting(e.performanceId).findIndex((x) => x.id === e.id) + 1 : null;
    return { ...entry, position };
  }
}

export interface FakeTicketing {
  events: FakeEvents;
  seats: FakeSeats;
  reservations: FakeReservations;
  waitlist: FakeWaitlist;
  deps: TicketingDeps;
  /** A deep copy of the ticketing tables (with w.state(): proof nothing was written). */
  state(): unknown;
}

/** Ticketing's fakes on a world's transactions (a rollback puts them back too); wallets are the world's. */
export function fakeTicketing(w: FakeWorld, admission: QueueAdmission | null = null): FakeTicketing {
  const seats = new FakeSeats();
  const events = new FakeEvents(seats);
  const reservations = new FakeReservations();
  const waitlist = new FakeWaitlist(reservations);
  const mine = { events, seats, reservations, waitlist };
  w.transactions.register(...Object.values(mine));
  return {
    ...mine,
    deps: { transactions: w.transactions, clock: w.clock, outbox: w.outbox, idempotency: w.idempotency, wallets: w.wallets, admission, ...mine },
    state: () => ({ world: w.state(), ...Object.fromEntries(Object.entries(mine).map(([k, p]) => [k, p.snapshot()])) }),
  };
}

/**
 * Given: a performance on sale now (opened an hour ago, starts in a week): VIP seats 1–4 at
 * 100,000 won, R seats 5–10 at 50,000; 4 seats per person, holds of 10 minutes.
 */
export function givenPerformance(t: FakeTicketing, now: Date, overrides: Partial<Omit<Performance, 'grades'>> & { grades?: Grade[] } = {}): Performance {
  const grades = numberGrades(overrides.grades ?? [{ name: 'VIP', price: 100_000, seats: 4 }, { name: 'R', price: 50_000, seats: 6 }]);
  return t.events.seedPerformance({
    id: newId(), eventId: newId(), startsAt: new Date(now.getTime() + 7 * 24 * 3600_000), salesOpenAt: new Date(now.getTime() - 3600_000),
    seatCount: grades[grades.length - 1].lastSeat, maxSeatsPerUser: 4, holdSeconds: 600, createdAt: new Date(now.getTime() - 7200_000),
    ...overrides, grades,
  });
}

/**
 * Given: `userId` holds these seats of `p` since `now` (a HELD reservation and its seats, as
 * holdSeats leaves them; no transaction). Specs of pay, release and cancel start here rather than
 * from holdSeats, which would load the waiting room's module into every one of them.
 */
export function givenHold(t: FakeTicketing, p: Performance, userId: string, numbers: number[], now: Date, queueToken: string | null = null): Reservation {
  const seats = numbers.map((n) => t.seats.seat(p.id, n)!).map(({ number, grade, price }) => ({ number, grade, price }));
  const held = openReservation({ id: newId(now.getTime()), performanceId: p.id, userId, seats, now, holdSeconds: p.holdSeconds, queueToken });
  for (const n of numbers) Object.assign(t.seats.seat(p.id, n)!, { reservationId: held.id, heldUntil: new Date(held.expiresAt) });
  t.reservations.rows.set(held.id, structuredClone(held));
  return held;
}

/** Given: as givenHold, then paid at `now` (seats SOLD; the wallet is the spec's to seed). */
export function givenPaid(t: FakeTicketing, p: Performance, userId: string, numbers: number[], now: Date): Reservation {
  const paid = markReservationPaid(givenHold(t, p, userId, numbers, now), newId(now.getTime()), now);
  for (const n of numbers) Object.assign(t.seats.seat(p.id, n)!, { sold: true, heldUntil: null });
  t.reservations.rows.set(paid.id, structuredClone(paid));
  return paid;
}

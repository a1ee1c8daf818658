import { newId } from '../../src/shared/ids';
import { claimOrReplay, type IdempotencyStore } from '../../src/shared/idempotency';
import { pgIdempotency } from '../../src/shared/idempotency.store';
import type { Transactions, Tx } from '../../src/shared/tx';
import { MAX_STOCK, type Product } from '../../src/modules/catalog/domain/product';
import { pgProducts, type ProductStore } from '../../src/modules/catalog/stores/product.store';
import { pgStock, type StockStore } from '../../src/modules/catalog/stores/stock.store';
import { pgWallets, type WalletStore } from '../../src/modules/wallet/wallet.store';
import { numberGrades, type Performance } from '../../src/modules/ticketing/domain/performance';
import { openReservation, markReservationPaid } from '../../src/modules/ticketing/domain/reservation';
import { pgEvents, type EventStore } from '../../src/modules/ticketing/stores/event.store';
import { pgReservations, type ReservationStore } from '../../src/modules/ticketing/stores/reservation.store';
import { pgSeats, type SeatStore } from '../../src/modules/ticketing/stores/seat.store';
import { pgWaitlist, type WaitlistStore } from '../../src/modules/ticketing/waitlist/waitlist.store';
import { fakeTicketing, fakeWorld, refusal } from '../support/fakes';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The fakes' contract: every case below runs once on the in-memory fakes (test/support/fakes)
 * and once on the real stores in Postgres, through the same ports and with the same inputs, so
 * a fake that drifts from its store fails here instead of letting a unit spec pass on a lie.
 * Each case makes its own ids, so the Postgres side needs no cleanup.
 */
interface Side {
  transactions: Transactions;
  wallets: WalletStore;
  products: ProductStore;
  stock: StockStore;
  idempotency: IdempotencyStore;
  events: EventStore;
  seats: SeatStore;
  reservations: ReservationStore;
  waitlist: WaitlistStore;
}

let app: TestApp;
const sides: Record<'fake' | 'postgres', () => Side> = {
  fake: () => {
    const w = fakeWorld();
    const t = fakeTicketing(w);
    return { transactions: w.transactions, wallets: w.wallets, products: w.products, stock: w.stock, idempotency: w.idempotency, ...t };
  },
  postgres: () => ({
    transactions: app.services.write.transactions, wallets: pgWallets, products: pgProducts, stock: pgStock, idempotency: pgIdempotency,
    events: pgEvents, seats: pgSeats, reservations: pgReservations, waitlist: pgWaitlist,
  }),
};

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
});
afterAll(async () => {
  await app?.stop();
});

const now = new Date('2026-03-01T09:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe.each(['fake', 'postgres'] as const)('store contract: %s', (name) => {
  let s: Side;
  beforeEach(() => {
    s = sides[name]();
  });
  const tx = <T>(work: (tx: Tx) => Promise<T>) => s.transactions.withTransaction(work);

  describe('wallets', () => {
    const entry = (userId: string, amount: number, orderId: string | null = null) => ({ transactionId: newId(), userId, amount, orderId, now });

    it('credit creates then adds (version moves); debit only when the balance covers it; balance reads it', async () => {
      const user = newId();
      expect(await tx((t) => s.wallets.balance(t, user))).toBe(0);
      expect(await tx((t) => s.wallets.credit(t, 'CHARGE', entry(user, 5_000)))).toEqual({ balance: 5_000, version: 1 });
      expect(await tx((t) => s.wallets.credit(t, 'CHARGE', entry(user, 2_000)))).toEqual({ balance: 7_000, version: 2 });
      expect(await tx((t) => s.wallets.debit(t, entry(user, 7_001, newId())))).toBeNull();
      expect(await tx((t) => s.wallets.balance(t, user))).toBe(7_000);
      expect(await tx((t) => s.wallets.debit(t, entry(user, 7_000, newId())))).toEqual({ balance: 0, version: 3 });
      expect(await tx((t) => s.wallets.debit(t, entry(user, 1, newId())))).toBeNull();
    });

    it('no wallet: a debit is refused, a zero debit answers balance 0 at version 0', async () => {
      const user = newId();
      expect(await tx((t) => s.wallets.debit(t, entry(user, 1, newId())))).toBeNull();
      expect(await tx((t) => s.wallets.debit(t, entry(user, 0, newId())))).toEqual({ balance: 0, version: 0 });
    });

    it('the ceiling refuses a credit to an existing wallet (null, unchanged) but not the one that creates it', async () => {
      const user = newId();
      expect(await tx((t) => s.wallets.credit(t, 'CHARGE', entry(user, 900), 500))).toEqual({ balance: 900, version: 1 });
      expect(await tx((t) => s.wallets.credit(t, 'CHARGE', entry(user, 200), 1_000))).toBeNull();
      expect(await tx((t) => s.wallets.balance(t, user))).toBe(900);
    });

    it('a REFUND credits like a charge; a transaction that throws keeps nothing', async () => {
      const user = newId();
      await tx((t) => s.wallets.credit(t, 'CHARGE', entry(user, 1_000)));
      expect(await tx((t) => s.wallets.credit(t, 'REFUND', entry(user, 300, newId())))).toEqual({ balance: 1_300, version: 2 });
      await expect(tx(async (t) => {
        await s.wallets.debit(t, entry(user, 1_300, newId()));
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(await tx((t) => s.wallets.balance(t, user))).toBe(1_300);
    });
  });

  describe('stock', () => {
    const product = (): Product => ({ id: newId(), name: 'Tee', description: '', category: 'fashion', price: 1_000, version: 1, createdAt: now, updatedAt: now });

    it('adjustAll holds several at once (level and version per change); a change below zero or over MAX_STOCK is null and changes nothing', async () => {
      const [a, b] = [product(), product()];
      await tx((t) => Promise.all([s.products.insert(t, a, 5), s.products.insert(t, b, 1)]));
      expect(await tx((t) => s.stock.level(t, a.id))).toEqual({ available: 5, version: 1 });

      expect(await tx((t) => s.stock.adjustAll(t, [{ productId: a.id, delta: -2 }, { productId: b.id, delta: -1 }])))
        .toEqual([{ available: 3, version: 2 }, { available: 0, version: 2 }]);
      expect(await tx((t) => s.stock.adjustAll(t, [{ productId: a.id, delta: -1 }, { productId: b.id, delta: -1 }])))
        .toEqual([{ available: 2, version: 3 }, null]);
      expect(await tx((t) => s.stock.adjust(t, a.id, MAX_STOCK))).toBeNull();
      expect(await tx((t) => s.stock.adjust(t, newId(), 1))).toBeNull();
      expect(await tx((t) => Promise.all([s.stock.level(t, a.id), s.stock.level(t, b.id), s.stock.level(t, newId())])))
        .toEqual([{ available: 2, version: 3 }, { available: 0, version: 2 }, null]);
    });
  });

  describe('idempotency keys', () => {
    const scope = () => ({ userId: newId(), operation: 'contract', key: 'k1' });

    it('claim: true once; then the holder hash with no response; after saveResponse, a JSON copy of it', async () => {
      const sc = scope();
      expect(await tx((t) => s.idempotency.claim(t, sc, 'h1', now))).toBe(true);
      expect(await tx((t) => s.idempotency.claim(t, sc, 'h1', now))).toEqual({ requestHash: 'h1', response: null });
      await tx((t) => s.idempotency.saveResponse(t, sc, { at: now, n: 1, none: undefined, list: [1, 'two'] }));
      expect(await tx((t) => s.idempotency.claim(t, sc, 'h1', now))).toEqual({ requestHash: 'h1', response: { at: now.toISOString(), n: 1, list: [1, 'two'] } });
    });

    it('claimOrReplay: the answer replayed; the key with another request: IDEMPOTENCY_KEY_REUSED; another user: their own key', async () => {
      const sc = scope();
      await tx(async (t) => {
        expect(await claimOrReplay(s.idempotency, t, sc, { a: 1 }, now)).toEqual({ replayed: false });
        await s.idempotency.saveResponse(t, sc, { ok: true });
      });
      expect(await tx((t) => claimOrReplay(s.idempotency, t, sc, { a: 1 }, now))).toEqual({ replayed: true, response: { ok: true } });
      expect(await refusal(tx((t) => claimOrReplay(s.idempotency, t, sc, { a: 2 }, now)))).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);
      expect(await tx((t) => s.idempotency.claim(t, { ...sc, userId: newId() }, 'other', now))).toBe(true);
    });

    it('a claim in a transaction that rolls back leaves the key free', async () => {
      const sc = scope();
      await expect(tx(async (t) => {
        await s.idempotency.claim(t, sc, 'h1', now);
        throw new Error('refused');
      })).rejects.toThrow('refused');
      expect(await tx((t) => s.idempotency.claim(t, sc, 'h2', now))).toBe(true);
    });
  });

  /** Given: an event and a performance (VIP 1–4 at 100,000, R 5–10 at 50,000) through the EventStore. */
  const givenPerformance = async (): Promise<Performance> => {
    const grades = numberGrades([{ name: 'VIP', price: 100_000, seats: 4 }, { name: 'R', price: 50_000, seats: 6 }]);
    const p: Performance = {
      id: newId(), eventId: newId(), startsAt: later(7 * 86_400_000), salesOpenAt: later(-3_600_000), grades, seatCount: 10,
      maxSeatsPerUser: 4, holdSeconds: 600, createdAt: now,
    };
    await tx(async (t) => {
      await s.events.insertEvent(t, { id: p.eventId, name: 'Gala', description: '', venue: 'Hall', category: 'concert', createdAt: now });
      await s.events.insertPerformance(t, p);
    });
    return p;
  };

  describe('events and seats', () => {
    it('insertPerformance: the performance reads back as written, with one free seat per number', async () => {
      const p = await givenPerformance();
      expect(await tx((t) => s.events.performance(t, p.id))).toEqual(p);
      expect(await tx((t) => Promise.all([s.events.eventExists(t, p.eventId), s.events.eventExists(t, newId()), s.events.performance(t, newId())])))
        .toEqual([true, false, null]);
      expect(await tx((t) => Promise.all([s.seats.countFree(t, p.id, null, now), s.seats.countFree(t, p.id, 'VIP', now), s.seats.countFree(t, p.id, 'X', now)])))
        .toEqual([10, 4, 0]);
      expect(await tx((t) => s.seats.lock(t, p.id, [6, 1, 99], now))).toEqual([
        { number: 1, grade: 'VIP', price: 100_000, reservationId: null, free: true },
        { number: 6, grade: 'R', price: 50_000, reservationId: null, free: true },
      ]);
    });

    it('hold: taken until `until`, then free again (the row still names the hold); lockFreeInGrade and countFree agree', async () => {
      const p = await givenPerformance();
      const r = newId();
      await tx((t) => s.seats.hold(t, p.id, [1, 2], r, later(600_000)));
      expect((await tx((t) => s.seats.lock(t, p.id, [1, 2, 3], now))).map((x) => [x.number, x.free, x.reservationId])).toEqual([[1, false, r], [2, false, r], [3, true, null]]);
      expect((await tx((t) => s.seats.lockFreeInGrade(t, p.id, 'VIP', now))).map((x) => x.number)).toEqual([3, 4]);
      expect(await tx((t) => s.seats.countFree(t, p.id, null, now))).toBe(8);
      expect((await tx((t) => s.seats.lock(t, p.id, [1], later(600_000))))[0]).toMatchObject({ free: true, reservationId: r });
      expect(await tx((t) => s.seats.countFree(t, p.id, 'VIP', later(600_000)))).toBe(4);
    });

    it('lockHeldBy, sell, free: sold seats stay taken past the hold, free gives every seat of the reservations back', async () => {
      const p = await givenPerformance();
      const [r1, r2] = [newId(), newId()];
      await tx((t) => Promise.all([s.seats.hold(t, p.id, [2, 1], r1, later(600_000)), s.seats.hold(t, p.id, [5], r2, later(600_000))]));
      expect(await tx((t) => s.seats.lockHeldBy(t, p.id, r1))).toEqual([1, 2]);
      expect(await tx((t) => s.seats.sell(t, p.id, r1))).toBe(2);
      expect(await tx((t) => s.seats.sell(t, p.id, r1))).toBe(0);
      expect(await tx((t) => s.seats.lockHeldBy(t, p.id, r1))).toEqual([]);
      expect((await tx((t) => s.seats.lock(t, p.id, [1], later(3_600_000))))[0]).toMatchObject({ free: false, reservationId: r1 });
      expect(await tx((t) => s.seats.free(t, [r1, r2]))).toBe(3);
      expect(await tx((t) => s.seats.free(t, []))).toBe(0);
      expect(await tx((t) => s.seats.countFree(t, p.id, null, now))).toBe(10);
    });
  });

  describe('reservations', () => {
    it('insert, lock as written, transition only from the version read, the buyer count of live holds and paid seats', async () => {
      const p = await givenPerformance();
      const user = newId();
      const seats = [{ number: 1, grade: 'VIP', price: 100_000 }, { number: 2, grade: 'VIP', price: 100_000 }];
      const held = openReservation({ id: newId(), performanceId: p.id, userId: user, seats, now, holdSeconds: 600, queueToken: null });
      const short = openReservation({ id: newId(), performanceId: p.id, userId: user, seats: [seats[0]], now, holdSeconds: 60, queueToken: 'tok' });
      await tx((t) => Promise.all([s.reservations.insert(t, held), s.reservations.insert(t, short)]));
      expect(await tx((t) => s.reservations.lock(t, held.id))).toEqual(held);
      expect(await tx((t) => s.reservations.lockBuyerAndCountSeats(t, user, p.id, now))).toBe(3);
      expect(await tx((t) => s.reservations.lockBuyerAndCountSeats(t, user, p.id, later(60_000)))).toBe(2); // the short hold ran out

      const paid = markReservationPaid(held, newId(), later(1_000));
      expect(await tx((t) => s.reservations.transition(t, held.version + 1, paid))).toBe(false);
      expect(await tx((t) => s.reservations.transition(t, held.version, paid))).toBe(true);
      expect(await tx((t) => s.reservations.transition(t, held.version, paid))).toBe(false);
      expect(await tx((t) => s.reservations.lock(t, held.id))).toEqual(paid);
      expect(await tx((t) => s.reservations.lockBuyerAndCountSeats(t, user, p.id, later(7_200_000)))).toBe(2); // paid seats always count
      expect((await tx((t) => s.reservations.lockOverdue(t, later(60_000), 10_000))).map((r) => r.id)).toContain(short.id);
      expect((await tx((t) => s.reservations.lockOverdue(t, later(60_000), 10_000))).map((r) => r.id)).not.toContain(held.id);
    });
  });

  describe('waitlist', () => {
    const joining = (p: Performance, userId: string, at: Date, count = 2, grade: string | null = null) =>
      tx((t) => s.waitlist.join(t, { id: newId(), performanceId: p.id, userId, count, grade, createdAt: at.toISOString() }, at));

    it('join twice: the same entry (created once); positions count the line; lockFirst takes its head', async () => {
      const p = await givenPerformance();
      const [a, b] = [newId(), newId()];
      const first = await joining(p, a, now);
      expect(first).toEqual({
        created: true,
        entry: { id: expect.any(String), performanceId: p.id, userId: a, count: 2, grade: null, status: 'WAITING', reservationId: null, createdAt: now.toISOString(), position: 1 },
      });
      expect(await joining(p, a, later(5), 3, 'VIP')).toEqual({ created: false, entry: first.entry });
      const second = await joining(p, b, later(10), 1, 'R');
      expect(second).toMatchObject({ created: true, entry: { userId: b, count: 1, grade: 'R', position: 2 } });
      expect(await tx((t) => s.waitlist.lockFirst(t, p.id))).toEqual(first.entry);
    });

    it('offered: out of the line (position null), the next is first; lapsed: joining again makes a new entry at the back', async () => {
      const p = await givenPerformance();
      const [a, b] = [newId(), newId()];
      const first = (await joining(p, a, now)).entry;
      await joining(p, b, later(10));
      const reservationId = newId();
      await tx((t) => s.waitlist.markOffered(t, first.id, reservationId, later(20)));

      expect(await joining(p, a, later(30))).toEqual({ created: false, entry: { ...first, status: 'OFFERED', reservationId, position: null } });
      expect(await tx((t) => s.waitlist.lockFirst(t, p.id))).toMatchObject({ userId: b, position: 1 });
      expect(await tx((t) => s.waitlist.mine(t, b))).toEqual([expect.objectContaining({ userId: b, position: 1 })]);

      await tx((t) => s.waitlist.markLapsed(t, first.id, later(40)));
      const again = await joining(p, a, later(50));
      expect(again).toMatchObject({ created: true, entry: { userId: a, status: 'WAITING', position: 2 } });
      expect((await tx((t) => s.waitlist.mine(t, a))).map((e) => [e.id, e.status, e.position])).toEqual([[again.entry.id, 'WAITING', 2], [first.id, 'LAPSED', null]]);
    });
  });
});

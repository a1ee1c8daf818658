import type { DomainEvent } from '../../src/shared/event';
import { newId } from '../../src/shared/ids';
import { PgTransactions } from '../../src/shared/tx';
import { Cache } from '../../src/infrastructure/redis/cache';
import { createLogger } from '../../src/infrastructure/logger';
import { raceDatabase, type RaceDb } from '../../test/support/snapshot-race';
import { createSeatMapProjection, SeatMapQueries, type SeatMapChanges, type SeatMapProjection } from './index';
import { docKey, eventsPageKey, readDoc, revKey, writeDoc } from './seat-map.cache';
import { ensureTicketingTables, laterIds, noRedis, reservationOf, ticketingHistory } from './seat-map.spec-support';

let db: RaceDb;
let projection: SeatMapProjection;
let queries: SeatMapQueries;

beforeAll(async () => {
  db = await raceDatabase(8);
  await ensureTicketingTables(db.pool);
  projection = createSeatMapProjection(db.pool, db.cache);
  queries = new SeatMapQueries(db.pool, db.cache);
});
afterAll(() => db.close());

/** A batch as the runner applies it: one transaction, then the cache refresh after commit. */
async function apply(events: DomainEvent[], refresh = true): Promise<SeatMapChanges> {
  const changes = await new PgTransactions(db.pool).withTransaction((tx) => projection.applyBatch(tx, events));
  if (refresh) await projection.afterCommit(changes);
  return changes;
}

const seatRows = async (performanceId: string) => (await db.pool.query(
  'select number, grade, price, status, reservation_id, version from seat_read where performance_id = $1 order by number', [performanceId],
)).rows;
const statusOf = async (performanceId: string) => (await seatRows(performanceId)).map((r) => r.status[0]).join('');

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('SeatMapProjection', () => {
  it('creates the event, the performance and its seats AVAILABLE; a repeated create changes nothing', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'VIP', price: 100_000, seats: 2 }, { name: 'R', price: 50_000, seats: 3 }]);
    const changes = await apply([h.created, p]);
    expect(changes).toEqual({ eventIds: [h.eventId], performanceIds: [p.aggregateId], newEvents: true });
    expect(await seatRows(p.aggregateId)).toEqual([
      { number: 1, grade: 'VIP', price: 100_000, status: 'AVAILABLE', reservation_id: null, version: '0' },
      { number: 2, grade: 'VIP', price: 100_000, status: 'AVAILABLE', reservation_id: null, version: '0' },
      ...[3, 4, 5].map((number) => ({ number, grade: 'R', price: 50_000, status: 'AVAILABLE', reservation_id: null, version: '0' })),
    ]);
    expect(await queries.performance(p.aggregateId)).toMatchObject({ id: p.aggregateId, eventId: h.eventId, seatCount: 5, statuses: 'AAAAA' });
    expect((await queries.event(h.eventId))?.performances).toMatchObject([{ id: p.aggregateId, availableByGrade: [2, 3] }]);
    expect(await apply([h.created, p])).toEqual({ eventIds: [], performanceIds: [], newEvents: false });
  });

  it('holds, sells and releases seats by reservation; the cached documents follow each commit', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'R', price: 10_000, seats: 6 }]);
    await apply([h.created, p]);
    const [a, b] = laterIds(2).map((id, i) => reservationOf(p, i === 0 ? [1, 2] : [5], id));
    await apply([a.held, b.held]);
    expect(await seatRows(p.aggregateId)).toMatchObject([
      { number: 1, status: 'HELD', reservation_id: a.id, version: '1' }, { number: 2, status: 'HELD', reservation_id: a.id },
      { number: 3, status: 'AVAILABLE', reservation_id: null }, { number: 4, status: 'AVAILABLE' },
      { number: 5, status: 'HELD', reservation_id: b.id }, { number: 6, status: 'AVAILABLE' },
    ]);
    expect((await readDoc(db.cache, 'performance', p.aggregateId))?.hit).toMatchObject({ statuses: 'HHAAHA' });
    await apply([a.paid, b.released]);
    expect(await statusOf(p.aggregateId)).toBe('SSAAAA');
    expect((await readDoc(db.cache, 'performance', p.aggregateId))?.hit).toMatchObject({ statuses: 'SSAAAA' });
    expect((await readDoc(db.cache, 'event', h.eventId))?.hit).toMatchObject({ performances: [{ availableByGrade: [4] }] });
    await apply([a.cancelled]);
    expect(await statusOf(p.aggregateId)).toBe('AAAAAA');
    expect(await queries.performance(p.aggregateId)).toMatchObject({ statuses: 'AAAAAA' });
  });

  it('an old reservation\'s release never frees a seat someone else holds now, whatever the arrival order', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'R', price: 10_000, seats: 4 }]);
    await apply([h.created, p]);
    // r1 held 3 and 4, its hold expired; r2 held 4 before the sweeper announced r1's expiry.
    const expected: unknown[] = [];
    for (const order of permutations(['r1.held', 'r1.expired', 'r2.held'])) {
      await db.pool.query('delete from seat_read where performance_id = $1 and number > 2', [p.aggregateId]);
      await apply([p]); // seats 3 and 4 AVAILABLE again (the performance row is kept)
      const [id1, id2] = laterIds(2);
      const events = { r1: reservationOf(p, [3, 4], id1), r2: reservationOf(p, [4], id2) };
      for (const name of order) {
        const [who, what] = name.split('.') as ['r1' | 'r2', 'held' | 'expired'];
        await apply([events[who][what]]);
      }
      const rows = await seatRows(p.aggregateId);
      expect(rows.map((r) => [r.number, r.status, r.reservation_id])).toEqual([
        [1, 'AVAILABLE', null], [2, 'AVAILABLE', null], [3, 'AVAILABLE', id1], [4, 'HELD', id2],
      ]);
      expected.push(rows.map((r) => r.status));
    }
    expect(new Set(expected.map((e) => JSON.stringify(e))).size).toBe(1);
  });

  it('ends in the same rows for any order, duplicates and replays, applied in batches or one event at a time', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'VIP', price: 90_000, seats: 4 }, { name: 'R', price: 40_000, seats: 8 }]);
    const ids = laterIds(6);
    const r = ids.map((id, i) => reservationOf(p, [[1, 2], [5, 6, 7], [2, 3], [8], [5], [11, 12]][i], id));
    // 1 and 2 sold then cancelled; 2 re-held by r[2] and paid; 5 released by r[1] and re-held by r[4]; r[3] expired; r[5] held.
    const history = [h.created, p, r[0].held, r[0].paid, r[1].held, r[0].cancelled, r[1].released, r[2].held, r[2].paid, r[3].held,
      r[3].expired, r[4].held, r[5].held];
    for (const event of history) await apply([event]);
    const expected = await seatRows(p.aggregateId);
    expect(expected.map((s) => s.status[0]).join('')).toBe('ASSAHAAAAAHH');

    for (const seed of [7, 8, 9, 10]) {
      await db.pool.query('delete from seat_read where performance_id = $1', [p.aggregateId]);
      await db.pool.query('delete from performance_read where id = $1', [p.aggregateId]);
      const replay = shuffled([...history, ...history.slice(2, 9)], seed); // a redelivered stretch too
      await apply(replay.slice(0, 5));
      await apply(replay.slice(5, 11));
      for (const event of replay.slice(11)) await apply([event]);
      expect(await seatRows(p.aggregateId)).toEqual(expected);
    }
    // A full replay on top of the current rows (projections:rebuild without the truncate) changes nothing.
    const changes = await apply(history);
    expect(changes.performanceIds).toEqual([]);
    expect(await seatRows(p.aggregateId)).toEqual(expected);
  });

  it('a hold that overtakes its PerformanceCreated is kept when the performance arrives', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'R', price: 10_000, seats: 3 }]);
    const r = reservationOf(p, [2]);
    await apply([r.held]);
    expect(await queries.performance(p.aggregateId)).toBeNull(); // no performance row yet: not shown
    await apply([p, h.created]);
    expect(await statusOf(p.aggregateId)).toBe('AHA');
    expect(await queries.performance(p.aggregateId)).toMatchObject({ statuses: 'AHA' });
  });
});

describe('seat-map cache', () => {
  it('answers from Postgres when Redis is away (no cache, or a Redis that errors), the same as with it', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'R', price: 10_000, seats: 3 }]);
    await apply([h.created, p, reservationOf(p, [1]).held]);
    const withRedis = await queries.performance(p.aggregateId);
    const unreachable = Cache.connect('redis://127.0.0.1:1/0', createLogger('silent'));
    try {
      for (const cache of [noRedis, unreachable]) {
        const offline = new SeatMapQueries(db.pool, cache);
        expect(await offline.performance(p.aggregateId)).toEqual(withRedis);
        expect(await offline.event(h.eventId)).toEqual(await queries.event(h.eventId));
        expect((await offline.events(100, null)).totalCount).toBe((await queries.events(100, null)).totalCount);
        // The projector's refresh survives a Redis that errors, too.
        await expect(createSeatMapProjection(db.pool, cache).afterCommit({ eventIds: [h.eventId], performanceIds: [p.aggregateId], newEvents: true }))
          .resolves.toBeUndefined();
      }
    } finally {
      await unreachable.close();
    }
    expect(withRedis?.statuses).toBe('HAA');
  });

  it('never lets an older read put back a state the projector has replaced', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'R', price: 10_000, seats: 3 }]);
    await apply([h.created, p]);
    const before = await readDoc(db.cache, 'performance', p.aggregateId); // a reader's miss: counter read before Postgres
    const stale = (await queries.performanceMapsFromDb([p.aggregateId]))[0];
    await apply([reservationOf(p, [3]).held]); // commit + refresh (counter bumped, then read)
    await writeDoc(db.cache, 'performance', p.aggregateId, before!.rev, stale); // the slow reader writes last
    expect((await readDoc(db.cache, 'performance', p.aggregateId))?.hit).toMatchObject({ statuses: 'AAH' });
    expect(await queries.performance(p.aggregateId)).toMatchObject({ statuses: 'AAH' });
  });

  it('fills a missing document from Postgres on read', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'R', price: 10_000, seats: 2 }]);
    await apply([h.created, p], false);
    expect(await db.cache.redis.exists(docKey('performance', p.aggregateId))).toBe(0);
    expect(await queries.performance(p.aggregateId)).toMatchObject({ statuses: 'AA' });
    expect((await readDoc(db.cache, 'performance', p.aggregateId))?.hit).toMatchObject({ statuses: 'AA' });
  });

  it('keys encode every part: no id, cursor or missing argument shares a key with another', () => {
    expect(docKey('performance', 'a:b')).not.toBe(docKey('performance', 'a%3Ab'));
    expect(docKey('performance', 'x')).not.toBe(revKey('performance', 'x'));
    expect(docKey('event', 'x')).not.toBe(docKey('performance', 'x'));
    expect(eventsPageKey('1', 20, null)).not.toBe(eventsPageKey('1', 20, 'null'));
    expect(eventsPageKey('1', 20, null)).not.toBe(eventsPageKey('1', 20, ''));
    expect(eventsPageKey('1', 2, '0')).not.toBe(eventsPageKey('1', 20, null));
    expect(eventsPageKey('1', 20, null)).not.toContain('*');
    const id = newId();
    expect(docKey('event', id)).toBe(`seat-map:v1:event:${id}`);
  });

  it('resetCache drops documents and pages but moves the generations on', async () => {
    const h = ticketingHistory();
    const p = h.performance([{ name: 'R', price: 10_000, seats: 2 }]);
    await apply([h.created, p]);
    await queries.events(5, null);
    const generation = Number(await db.cache.redis.get('seat-map:v1:generation'));
    await projection.resetCache();
    expect(await db.cache.redis.exists(docKey('performance', p.aggregateId), docKey('event', h.eventId))).toBe(0);
    expect(Number(await db.cache.redis.get('seat-map:v1:generation'))).toBe(generation + 1);
  });
});

import type { Pool } from 'pg';
import type { Cache } from '../../src/infrastructure/redis/cache';
import type { ReadModel } from '../projection';
import {
  EVENTS_GENERATION_KEY, EVENTS_PAGE_TTL_SECONDS, SEAT_MAP_READ_MODEL, bumpRevisions, docKey, eventsPageKey, readDoc, writeDoc, type DocKind,
} from './seat-map.cache';
import {
  EVENT_COLUMNS, PERFORMANCE_COLUMNS, toEventRead, toPerformanceRead,
  type EventSeatMap, type EventsPage, type PerformanceSeatMap, type PerformanceSummary,
} from './seat-map.read';

/**
 * The seat statuses of each performance as one string, in the same statement as its row. Every
 * number 1..seat_count is listed (a seat row the projector has not written yet reads as free;
 * PerformanceCreated writes them all in its transaction, so that does not happen in practice).
 */
const PERFORMANCE_MAP_SQL = `
  select ${PERFORMANCE_COLUMNS},
    (select string_agg(case s.status when 'HELD' then 'H' when 'SOLD' then 'S' else 'A' end, '' order by g.n)
     from generate_series(1, p.seat_count) as g(n)
     left join seat_read s on s.performance_id = p.id and s.number = g.n) as statuses
  from performance_read p`;

/** An event, and per performance the free seats of each grade, all in one statement (one snapshot). */
const EVENT_MAP_SQL = `
  select ${EVENT_COLUMNS},
    coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', p.id, 'eventId', p.event_id, 'startsAt', p.starts_at, 'salesOpenAt', p.sales_open_at, 'seatCount', p.seat_count,
        'maxSeatsPerUser', p.max_seats_per_user, 'holdSeconds', p.hold_seconds, 'grades', p.grades,
        'availableByGrade', (
          select coalesce(jsonb_agg((
            select count(*) from seat_read s
            where s.performance_id = p.id and s.status = 'AVAILABLE'
              and s.number between (gr.g ->> 'firstSeat')::int and (gr.g ->> 'lastSeat')::int
          ) order by gr.ord), '[]'::jsonb)
          from jsonb_array_elements(p.grades) with ordinality as gr(g, ord))
      ) order by p.starts_at, p.id)
      from performance_read p where p.event_id = e.id
    ), '[]'::jsonb) as performances
  from event_read e`;

const toSeatMap = (row: Record<string, unknown>): PerformanceSeatMap => ({ ...toPerformanceRead(row), statuses: (row.statuses as string | null) ?? '' });

function toEventMap(row: Record<string, unknown>): EventSeatMap {
  const performances = (row.performances as Array<Record<string, unknown>>).map((p): PerformanceSummary => ({
    ...toPerformanceRead(p), availableByGrade: (p.availableByGrade as unknown[]).map(Number),
  }));
  return { ...toEventRead(row), performances };
}

/**
 * Reads of the seat map (event_read, performance_read, seat_read): Redis first, Postgres when
 * Redis misses, errors or times out. Each answer that combines counts and lists (a performance
 * with its seats, an event with its performances' free seats, a page with its totalCount) is
 * one SQL statement, so it is one snapshot, cached as a whole.
 */
export class SeatMapQueries {
  /** The read models every answer here is made from (for the response cache's tags). */
  static readonly reads: readonly ReadModel[] = [SEAT_MAP_READ_MODEL];

  constructor(private readonly pool: Pool, private readonly cache: Cache) {}

  performance(id: string): Promise<PerformanceSeatMap | null> {
    return this.cached('performance', id, async () => (await this.performanceMapsFromDb([id]))[0] ?? null);
  }

  event(id: string): Promise<EventSeatMap | null> {
    return this.cached('event', id, async () => (await this.eventMapsFromDb([id]))[0] ?? null);
  }

  /** Every performance of an event with its seat statuses, in one statement (not cached: a rare shape). */
  async performancesOfEvent(eventId: string): Promise<PerformanceSeatMap[]> {
    const { rows } = await this.pool.query(`${PERFORMANCE_MAP_SQL} where p.event_id = $1 order by p.starts_at, p.id`, [eventId]);
    return rows.map(toSeatMap);
  }

  async performanceMapsFromDb(ids: readonly string[]): Promise<PerformanceSeatMap[]> {
    const { rows } = await this.pool.query(`${PERFORMANCE_MAP_SQL} where p.id = any($1::uuid[])`, [ids]);
    return rows.map(toSeatMap);
  }

  async eventMapsFromDb(ids: readonly string[]): Promise<EventSeatMap[]> {
    const { rows } = await this.pool.query(`${EVENT_MAP_SQL} where e.id = any($1::uuid[])`, [ids]);
    return rows.map(toEventMap);
  }

  /** Newest first; `after` is the id of the last event the client saw. Page and totalCount: one statement. */
  async events(first: number, after: string | null): Promise<EventsPage> {
    const generation = await this.cache.attempt('seat-map-events', (r) => r.get(EVENTS_GENERATION_KEY));
    const key = generation !== undefined ? eventsPageKey(generation ?? '0', first, after) : undefined;
    if (key) {
      const cached = await this.cache.get<EventsPage>('seat-map-events', key);
      if (cached) return cached;
    }
    const { rows } = await this.pool.query(
      `with total as (select count(*)::int as n from event_read)
       select total.n as "totalCount", page.* from total
       left join lateral (
         select ${EVENT_COLUMNS} from event_read e where ($1::uuid is null or e.id < $1) order by e.id desc limit $2
       ) page on true`,
      [after, first + 1],
    );
    const items = rows.filter((r) => r.id !== null).map(toEventRead);
    const page: EventsPage = { items: items.slice(0, first), hasNextPage: items.length > first, totalCount: Number(rows[0].totalCount) };
    if (key) await this.cache.set('seat-map-events', key, page, EVENTS_PAGE_TTL_SECONDS);
    return page;
  }

  /**
   * After a commit: new revisions first, then Postgres, then the documents (see seat-map.cache.ts).
   * Returns the event ids of the refreshed performances (their events' documents changed too).
   */
  async refreshPerformances(ids: readonly string[]): Promise<string[]> {
    const maps = await this.refresh('performance', ids, (missing) => this.performanceMapsFromDb(missing));
    return [...new Set(maps.map((m) => m.eventId))];
  }

  async refreshEvents(ids: readonly string[]): Promise<void> {
    await this.refresh('event', ids, (missing) => this.eventMapsFromDb(missing));
  }

  private async refresh<T extends { id: string }>(kind: DocKind, ids: readonly string[], load: (ids: readonly string[]) => Promise<T[]>): Promise<T[]> {
    if (ids.length === 0) return [];
    const revs = await bumpRevisions(this.cache, kind, ids);
    const docs = await load(ids);
    if (!revs) {
      // Redis is away: nothing can be written; try to drop what the batch made stale (the TTL bounds it otherwise).
      await this.cache.attempt(`seat-map-${kind}`, (r) => r.del(...ids.map((id) => docKey(kind, id))));
      return docs;
    }
    const revOf = new Map(ids.map((id, i) => [id, revs[i]]));
    await Promise.all(docs.map((doc) => writeDoc(this.cache, kind, doc.id, revOf.get(doc.id)!, doc)));
    return docs;
  }

  /** Redis, then Postgres; a miss is written back with the revision read before Postgres was. */
  private async cached<T>(kind: DocKind, id: string, load: () => Promise<T | null>): Promise<T | null> {
    const cached = await readDoc<T>(this.cache, kind, id);
    if (cached?.hit) return cached.hit;
    const doc = await load();
    if (doc && cached) await writeDoc(this.cache, kind, id, cached.rev, doc);
    return doc;
  }
}

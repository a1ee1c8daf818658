import type { Cache } from '../../src/infrastructure/redis/cache';
import type { ReadModel } from '../projection';

/**
 * Redis keys of the seat-map read model. Every variable part goes through `encodeURIComponent`
 * (which escapes ':'), and a page key's parts are one JSON array: no id, cursor or absent
 * argument can make two different questions share a key, and nothing stands in for "all".
 */
const PREFIX = 'seat-map:v1:';
const part = (value: string) => encodeURIComponent(value);

export const DOC_TTL_SECONDS = 60;
export const EVENTS_PAGE_TTL_SECONDS = 60;

/** Bumped after every commit that changed a seat-map table (the response cache's tag). */
export const SEAT_MAP_GENERATION_KEY = `${PREFIX}generation`;
/** Bumped after every commit that added an event: pages of `events` are keyed by it. */
export const EVENTS_GENERATION_KEY = `${PREFIX}events-generation`;

export const SEAT_MAP_READ_MODEL: ReadModel = {
  name: 'seat-map', tables: ['event_read', 'performance_read', 'seat_read'], generationKey: SEAT_MAP_GENERATION_KEY,
};

export type DocKind = 'performance' | 'event';
export const docKey = (kind: DocKind, id: string) => `${PREFIX}${kind}:${part(id)}`;
export const revKey = (kind: DocKind, id: string) => `${PREFIX}${kind}-rev:${part(id)}`;
export const eventsPageKey = (generation: string, first: number, after: string | null) =>
  `${PREFIX}events:${part(JSON.stringify([generation, first, after]))}`;
/** What `resetCache` deletes: everything under the prefix (a SCAN pattern, never a key). */
export const ALL_KEYS_PATTERN = `${PREFIX}*`;

/**
 * Freshness of cached documents. Each document key has a revision counter. The projector, after
 * its commit, INCRs the counter of every document the batch changed and only then reads
 * Postgres: a refresh holding a higher revision read Postgres later, so it saw at least as
 * much. A reader that missed reads the counter before Postgres and writes with that revision.
 * A document is only ever replaced by one with a higher revision, so neither a slow reader nor
 * a slower projector process (several share the durable consumer) can put an older state back.
 *
 * The stored value is `{"rev":N,"doc":…}` (rev first, so the script reads it without decoding
 * the document). The counter outlives its document (twice the TTL, renewed on every write),
 * so it never restarts below a document still cached.
 */
const SET_IF_NEWER = `
local rev = tonumber(ARGV[1])
local current = redis.call('GET', KEYS[1])
if current then
  local stored = tonumber(string.match(current, '^{"rev":(%d+),'))
  if stored and stored >= rev then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
if counter < rev then redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[3] * 2) else redis.call('EXPIRE', KEYS[2], ARGV[3] * 2) end
return 1`;

const BUMP = `
local rev = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1] * 2)
return rev`;

export interface Revisioned<T> {
  rev: number;
  doc: T;
}

/** Reads a document and its counter in one round trip; undefined when Redis is away. */
export async function readDoc<T>(cache: Cache, kind: DocKind, id: string): Promise<{ hit: T | null; rev: number } | undefined> {
  const reply = await cache.attempt(`seat-map-${kind}`, (r) => r.mget(docKey(kind, id), revKey(kind, id)));
  if (!reply) return undefined;
  const [doc, rev] = reply;
  return { hit: doc ? (JSON.parse(doc) as Revisioned<T>).doc : null, rev: Number(rev ?? 0) };
}

/** Writes a document unless Redis holds one of the same or a higher revision. */
export function writeDoc<T>(cache: Cache, kind: DocKind, id: string, rev: number, doc: T): Promise<unknown> {
  const value = `{"rev":${rev},"doc":${JSON.stringify(doc)}}`;
  return cache.attempt(`seat-map-${kind}`, (r) => r.eval(SET_IF_NEWER, 2, docKey(kind, id), revKey(kind, id), rev, value, DOC_TTL_SECONDS));
}

/** New revisions for documents about to be refreshed (one round trip); undefined when Redis is away. */
export async function bumpRevisions(cache: Cache, kind: DocKind, ids: readonly string[]): Promise<number[] | undefined> {
  if (ids.length === 0) return [];
  const replies = await cache.attempt(`seat-map-${kind}`, (r) => {
    const pipeline = r.pipeline();
    for (const id of ids) pipeline.eval(BUMP, 1, revKey(kind, id), DOC_TTL_SECONDS);
    return pipeline.exec();
  });
  if (!replies || replies.some(([err]) => err)) return undefined;
  return replies.map(([, rev]) => Number(rev));
}

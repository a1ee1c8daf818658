import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { printSchema, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Cache } from '../infrastructure/redis/cache';
import { cacheRequests } from '../infrastructure/http/metrics';
import { Generations } from './response-cache-generations';
import { BODY_ERROR, captureResponse, parseJsonBody, readable, type ParsedRequest } from './response-cache-http';
import { canonicalJson } from '../shared/canonical-json';
import { QueryPlans, planTag, sha256, type CacheableField, type Plan } from './response-cache-plan';
import { ByteBoundedStore } from './response-cache-store';

export { Generations } from './response-cache-generations';
export { canonicalJson } from '../shared/canonical-json';
export type { CacheableField } from './response-cache-plan';

export interface ResponseCacheOptions {
  ttlSeconds?: number;
  /** Remembered request identities (raw bodies up to 16 KB each). */
  maxEntries?: number;
  maxPlans?: number;
  /** In-process bytes of cached answers (RESPONSE_CACHE_MAX_MB). */
  maxBytes?: number;
  /** A larger answer is never cached, here or in Redis (RESPONSE_CACHE_MAX_ENTRY_KB). */
  maxEntryBytes?: number;
  /** Documents are parsed here with the same token limit as Apollo's (QUERY_MAX_TOKENS). */
  maxTokens?: number;
}

interface Identity {
  /** Accept header and raw body: the in-process key. */
  key: string;
  plan: Plan;
  /** Hash of the normalized document, Accept and canonical variables: the key shared through Redis. */
  shared: string;
}

interface Entry {
  tag: string;
  bytes: number;
  body: Buffer;
  /** Apollo's headers as it sent them, with content-length. */
  headers: Record<string, string | number>;
  expires: number;
}

interface Stored {
  body: string;
  headers: Array<[string, string]>;
}

/**
 * Public cacheable query response cache, in front of express and Apollo. Apollo + type-graphql
 * (and express itself) spend most of a small query's time outside the data; for allowlisted
 * public queries this answers with the exact bytes Apollo produced earlier for the same
 * normalized document, variables, operation name and Accept header, straight from node:http.
 *
 * Correctness:
 * - Only queries whose every root field is allowlisted (after fragments) are considered; an
 *   entry is only ever made from a 200 answer without errors to an anonymous request (no
 *   Authorization header), so it is the answer any caller gets for public data, and it passed
 *   the same validation and limits (depth, aliases, cost, argument ranges) Apollo applies.
 * - Every entry carries a tag: the fields' generation keys as read from Redis before its
 *   execution started, plus their `vary` parts. A request reads the generations with a Redis
 *   round trip that starts after it arrived (concurrent requests share one), so once a
 *   projector's INCR has returned, no process serves an entry from before it.
 * - Redis away: nothing is served from here; Apollo answers (from Postgres). A reconnect starts
 *   a new epoch, so entries from before an outage (when generations may have restarted) die.
 * - Everything else reaches express unchanged: a body read here is handed on parsed (as
 *   express.json would have), and a body that is not JSON gets express.json's own error through
 *   `forwardBodyError`. Large, compressed or chunked bodies are not read here at all.
 * Entries live in this process (bounded) and in Redis (shared by API processes, with a TTL).
 */
export class ResponseCache {
  private readonly plans: QueryPlans;
  private readonly generations: Generations;
  /** Accept header + raw body → what the request is; only cacheable requests are kept. */
  private readonly identities = new Map<string, Identity>();
  private readonly local: ByteBoundedStore<Entry>;
  private readonly maxEntryBytes: number;
  private readonly flights = new Map<string, Promise<Entry | undefined>>();
  private readonly schemaHash: string;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private epoch = 0;
  private readonly hits = cacheRequests.labels('response', 'hit');
  private readonly bypasses = cacheRequests.labels('response', 'error');

  constructor(
    schema: GraphQLSchema,
    private readonly cache: Cache,
    fields: CacheableField[],
    private readonly log: Logger,
    options: ResponseCacheOptions = {},
  ) {
    const query = schema.getQueryType()?.getFields() ?? {};
    for (const field of fields) {
      if (!query[field.field]) throw new Error(`response cache: Query.${field.field} does not exist`);
    }
    this.plans = new QueryPlans(fields, options.maxPlans ?? 1_000, options.maxTokens ?? 3_000);
    this.generations = new Generations(cache, this.plans.generationKeys);
    this.schemaHash = sha256(printSchema(schema)).slice(0, 16);
    this.ttlMs = (options.ttlSeconds ?? 60) * 1000;
    this.maxEntries = options.maxEntries ?? 2_000;
    this.local = new ByteBoundedStore(options.maxBytes ?? 32 * 1024 * 1024);
    this.maxEntryBytes = options.maxEntryBytes ?? 256 * 1024;
    cache.redis.on('close', () => {
      this.epoch += 1;
      this.local.clear();
    });
  }

  /** The server's request listener: `http.createServer(responseCache.front(app))`. */
  front(app: RequestListener): RequestListener {
    return (req, res) => {
      if (!readable(req)) return app(req, res);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('error', () => res.destroy());
      req.on('end', () => {
        const raw = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
        let passed = false;
        const pass = () => {
          if (passed) return;
          passed = true;
          const parsed = req as ParsedRequest;
          if (parsed.body === undefined && parsed[BODY_ERROR] === undefined) parsed.body = JSON.parse(raw);
          app(req, res);
        };
        this.handle(raw, req as ParsedRequest, res, pass).catch((err) => {
          this.log.warn({ err: (err as Error).message }, 'response cache failed, answering through Apollo');
          if (!res.headersSent) pass();
        });
      });
    };
  }

  /** Mount right after express.json: a body the front read and found not to be JSON fails as express.json fails it. */
  readonly forwardBodyError = (req: IncomingMessage, _res: ServerResponse, next: (err?: unknown) => void): void => {
    next((req as ParsedRequest)[BODY_ERROR]);
  };

  private async handle(raw: string, req: ParsedRequest, res: ServerResponse, pass: () => void): Promise<void> {
    const key = JSON.stringify([req.headers.accept ?? '', raw]);
    let identity = this.identities.get(key);
    if (!identity) {
      try {
        req.body = parseJsonBody(raw);
      } catch (err) {
        req[BODY_ERROR] = err;
        return pass();
      }
      identity = this.identify(key, req.body, req.headers.accept ?? '');
      if (!identity) return pass();
    }
    return this.serve(identity, req, res, pass);
  }

  /** What a request body asks for, when it is a cacheable query; remembered by its raw bytes. */
  private identify(key: string, body: unknown, accept: string): Identity | undefined {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || extensions != null) return undefined;
    if (operationName != null && typeof operationName !== 'string') return undefined;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    const plan = this.plans.plan(query, operationName ?? undefined);
    if (!plan) return undefined;
    const identity = { key, plan, shared: sha256(JSON.stringify([plan.hash, accept, canonicalJson(variables ?? null)])) };
    if (this.identities.size >= this.maxEntries) {
      const oldest = this.identities.keys().next().value!;
      this.identities.delete(oldest);
      this.local.delete(oldest);
    }
    this.identities.set(key, identity);
    return identity;
  }

  private async serve({ key, plan, shared }: Identity, req: IncomingMessage, res: ServerResponse, pass: () => void): Promise<void> {
    const started = process.hrtime.bigint();
    const epoch = this.epoch;
    const generations = await this.generations.read();
    if (!generations) {
      this.bypasses.inc();
      return pass();
    }
    const tag = planTag(plan, epoch, generations);
    const entry = this.local.get(key);
    if (entry && entry.tag === tag && entry.expires > Date.now()) return this.send(req, res, entry, plan, started);

    const flightKey = `${tag}\n${key}`;
    const flight = this.flights.get(flightKey);
    if (flight) {
      const made = await flight;
      return made ? this.send(req, res, made, plan, started) : pass();
    }
    let settle!: (entry: Entry | undefined) => void;
    this.flights.set(flightKey, new Promise((resolve) => (settle = resolve)));
    const done = (made: Entry | undefined) => {
      this.flights.delete(flightKey);
      if (made && this.epoch === epoch && this.identities.has(key)) this.local.set(key, made);
      settle(made);
    };
    try {
      const sharedKey = `rc:v1:${this.schemaHash}:${shared}:${tag}`;
      const stored = await this.cache.get<Stored>('response', sharedKey);
      if (stored) {
        const made = this.entry(tag, Buffer.from(stored.body, 'utf8'), stored.headers);
        done(made);
        return this.send(req, res, made, plan, started);
      }
      // Only an anonymous execution may become an entry: it is what every caller gets for public data.
      if (req.headers.authorization !== undefined) {
        done(undefined);
        return pass();
      }
      captureResponse(res, (body, headers) => {
        // A huge answer is cheap to ask for again and again with new aliases: never keep one.
        if (body.length > this.maxEntryBytes) return done(undefined);
        const made = this.entry(tag, body, headers);
        done(made);
        if (this.epoch === epoch) {
          void this.cache.set('response', sharedKey, { body: body.toString('utf8'), headers } satisfies Stored, Math.ceil(this.ttlMs / 1000));
        }
      }, () => done(undefined));
    } catch (err) {
      done(undefined);
      throw err;
    }
    pass();
  }

  private entry(tag: string, body: Buffer, headers: Array<[string, string]>): Entry {
    const all: Record<string, string | number> = Object.fromEntries(headers);
    all['content-length'] = body.length;
    return { tag, body, headers: all, expires: Date.now() + this.ttlMs, bytes: body.length + 512 };
  }

  private send(req: IncomingMessage, res: ServerResponse, entry: Entry, plan: Plan, started: bigint): void {
    this.hits.inc();
    res.setHeader('x-request-id', String(req.headers['x-request-id'] ?? '').slice(0, 64) || randomUUID());
    res.writeHead(200, entry.headers);
    res.end(entry.body);
    plan.timer.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }
}

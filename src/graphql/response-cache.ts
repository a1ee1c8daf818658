import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Kind, parse, print, printSchema, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { Logger } from 'pino';
import type { Cache } from '../infrastructure/redis/cache';
import { cacheRequests, requestDuration } from '../infrastructure/http/metrics';

/**
 * A root Query field whose whole answer is public: the same for every caller, signed in or not.
 * Only such fields may be listed; anything that reads the caller must never be.
 */
export interface CacheableField {
  field: string;
  /** Redis keys whose value changes (INCR) whenever data behind the answer changes. */
  generationKeys: readonly string[];
  /** A key part for what else the answer depends on, e.g. the current UTC day. */
  vary?: () => string;
}

export interface ResponseCacheOptions {
  ttlSeconds?: number;
  maxEntries?: number;
  maxPlans?: number;
}

interface Plan {
  id: string;
  /** sha256 of the normalized document (graphql print) and operation name. */
  hash: string;
  keyIndexes: number[];
  varies: Array<() => string>;
  timer: ReturnType<typeof requestDuration.labels>;
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
  body: Buffer;
  /** Apollo's headers as it sent them, with content-length. */
  headers: Record<string, string | number>;
  expires: number;
}

/** A request whose body the front read: `body` as express.json would set it, or why it could not. */
type ParsedRequest = IncomingMessage & { body?: unknown; [BODY_ERROR]?: unknown };
const BODY_ERROR = Symbol('response-cache body error');
/** Bodies up to this size are read here; typical queries are well under 1 KB. */
const MAX_READ_BYTES = 16 * 1024;

interface Stored {
  body: string;
  headers: Array<[string, string]>;
}

const HOP_HEADERS = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

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
  private readonly fields = new Map<string, CacheableField>();
  private readonly generations: Generations;
  private readonly keyIndex = new Map<string, number>();
  private readonly plans = new Map<string, Plan | null>();
  /** Accept header + raw body → what the request is; only cacheable requests are kept. */
  private readonly identities = new Map<string, Identity>();
  private readonly local = new Map<string, Entry>();
  private readonly flights = new Map<string, Promise<Entry | undefined>>();
  private readonly schemaHash: string;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxPlans: number;
  private epoch = 0;
  private nextPlanId = 0;
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
      this.fields.set(field.field, field);
      for (const key of field.generationKeys) if (!this.keyIndex.has(key)) this.keyIndex.set(key, this.keyIndex.size);
    }
    this.generations = new Generations(cache, [...this.keyIndex.keys()]);
    this.schemaHash = sha256(printSchema(schema)).slice(0, 16);
    this.ttlMs = (options.ttlSeconds ?? 60) * 1000;
    this.maxEntries = options.maxEntries ?? 2_000;
    this.maxPlans = options.maxPlans ?? 1_000;
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
    const key = `${req.headers.accept ?? ''}\n${raw}`;
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
    const plan = this.plan(query, operationName ?? undefined);
    if (!plan) return undefined;
    const identity = { key, plan, shared: sha256(`${plan.hash}\n${accept}\n${canonicalJson(variables ?? null)}`) };
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
    const tag = this.tag(plan, epoch, generations);
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
      this.capture(res, (body, headers) => {
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

  /** Which allowlisted fields a document asks for; null when it is not a cacheable query. */
  private plan(query: string, operationName: string | undefined): Plan | null {
    const planKey = `${operationName ?? ''}\n${query}`;
    const known = this.plans.get(planKey);
    if (known !== undefined) return known;
    const plan = this.analyse(query, operationName);
    if (this.plans.size >= this.maxPlans) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(planKey, plan);
    return plan;
  }

  private analyse(query: string, operationName: string | undefined): Plan | null {
    let document;
    try {
      document = parse(query);
    } catch {
      return null; // Apollo answers the syntax error
    }
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName === undefined
      ? (operations.length === 1 ? operations[0] : undefined)
      : operations.find((o) => o.name?.value === operationName);
    if (!operation || operation.operation !== 'query') return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const names = new Set<string>();
    if (!rootFields(operation.selectionSet, fragments, names, new Set())) return null;
    const fields = [...names].map((name) => this.fields.get(name));
    if (fields.length === 0 || fields.some((f) => f === undefined)) return null;
    const keyIndexes = [...new Set(fields.flatMap((f) => f!.generationKeys.map((k) => this.keyIndex.get(k)!)))].sort((a, b) => a - b);
    return {
      id: String(this.nextPlanId++),
      hash: sha256(`${print(document)}\n${operationName ?? ''}`),
      keyIndexes,
      varies: fields.flatMap((f) => (f!.vary ? [f!.vary] : [])),
      timer: requestDuration.labels(operationName ?? 'anonymous', 'query', 'cached'),
    };
  }

  private tag(plan: Plan, epoch: number, generations: string[]): string {
    let tag = String(epoch);
    for (const i of plan.keyIndexes) tag += `.${generations[i]}`;
    for (const vary of plan.varies) tag += `|${vary()}`;
    return tag;
  }

  private entry(tag: string, body: Buffer, headers: Array<[string, string]>): Entry {
    const all: Record<string, string | number> = Object.fromEntries(headers);
    all['content-length'] = body.length;
    return { tag, body, headers: all, expires: Date.now() + this.ttlMs };
  }

  private send(req: IncomingMessage, res: ServerResponse, entry: Entry, plan: Plan, started: bigint): void {
    this.hits.inc();
    res.setHeader('x-request-id', String(req.headers['x-request-id'] ?? '').slice(0, 64) || randomUUID());
    res.writeHead(200, entry.headers);
    res.end(entry.body);
    plan.timer.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }

  /** Lets Apollo answer, and keeps its bytes when they are a clean 200 with data and no errors. */
  private capture(res: ServerResponse, keep: (body: Buffer, headers: Array<[string, string]>) => void, drop: () => void): void {
    let finished = false;
    const finish = (f: () => void) => {
      if (finished) return;
      finished = true;
      f();
    };
    const end = res.end;
    res.end = function capturedEnd(this: ServerResponse, ...args: unknown[]) {
      res.end = end;
      const [chunk, encoding] = args;
      try {
        if (res.statusCode === 200 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
          const body = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : chunk;
          const parsed = JSON.parse(body.toString('utf8')) as { data?: unknown; errors?: unknown };
          if (parsed && typeof parsed === 'object' && parsed.data && parsed.errors === undefined) {
            const headers = Object.entries(res.getHeaders())
              .filter(([name, value]) => !HOP_HEADERS.has(name) && value !== undefined)
              .map(([name, value]) => [name, String(value)] as [string, string]);
            finish(() => keep(body, headers));
          }
        }
      } catch {
        // not JSON: not ours to keep
      }
      finish(drop);
      return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['end'];
    res.once('close', () => finish(drop));
  }
}

/** POST /graphql with a small plain JSON body: worth reading here. Anything else goes to express untouched. */
function readable(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || (req.url !== '/graphql' && !req.url?.startsWith('/graphql?'))) return false;
  const length = Number(req.headers['content-length']);
  if (!Number.isInteger(length) || length > MAX_READ_BYTES) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  return charset === undefined || charset === 'charset=utf-8';
}

/** What express.json (strict) makes of a body: {} when empty, objects and arrays only. */
function parseJsonBody(raw: string): unknown {
  if (raw.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(raw)?.[1];
  if (first !== '{' && first !== '[') throw Object.assign(new SyntaxError('Unexpected token in JSON'), { status: 400, type: 'entity.parse.failed' });
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw Object.assign(err as Error, { status: 400, type: 'entity.parse.failed' });
  }
}

/**
 * Reads the generation keys with one MGET shared by every request waiting at the moment. A read
 * always starts after the caller asked (a caller arriving during a round trip waits for the
 * next one), so a bump that completed before a request arrived is always seen by it.
 */
export class Generations {
  private inflight?: Promise<string[] | undefined>;
  private queued?: Promise<string[] | undefined>;

  constructor(private readonly cache: Cache, private readonly keys: string[]) {}

  read(): Promise<string[] | undefined> {
    if (!this.inflight) return this.start();
    this.queued ??= this.inflight.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<string[] | undefined> {
    const read = this.fetch();
    this.inflight = read;
    void read.finally(() => {
      if (this.inflight === read) this.inflight = undefined;
    });
    return read;
  }

  private async fetch(): Promise<string[] | undefined> {
    if (this.keys.length === 0) return [];
    try {
      const values = await this.cache.redis.mget(...this.keys);
      const missing = this.keys.filter((_k, i) => values[i] === null);
      if (missing.length === 0) return values as string[];
      // A key that does not exist yet (fresh or restarted Redis) starts at a number no earlier
      // life of it reached, so tags from before cannot match again. Not cacheable this time.
      const start = String(Date.now() * 1000);
      await Promise.all(missing.map((key) => this.cache.redis.set(key, start, 'NX')));
      return undefined;
    } catch {
      return undefined;
    }
  }
}

function rootFields(
  set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, names: Set<string>, seen: Set<string>,
): boolean {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      names.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!rootFields(selection.selectionSet, fragments, names, seen)) return false;
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment) return false;
      if (seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      if (!rootFields(fragment.selectionSet, fragments, names, seen)) return false;
    }
  }
  return true;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so equal variables hash equally whatever order a client sent. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

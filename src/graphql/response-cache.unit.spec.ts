import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { buildSchema } from 'graphql';
import pino from 'pino';
import type { Cache } from '../infrastructure/redis/cache';
import { Generations, ResponseCache, canonicalJson } from './response-cache';

/** Redis as the response cache uses it, in memory; `down` makes every call fail like a dead server. */
class FakeRedis {
  store = new Map<string, string>();
  down = false;
  mgets = 0;
  private listeners: Array<() => void> = [];
  on(event: string, listener: () => void) {
    if (event === 'close') this.listeners.push(listener);
    return this;
  }
  close() {
    this.listeners.forEach((l) => l());
  }
  private check() {
    if (this.down) throw new Error('connection is closed');
  }
  async mget(...keys: string[]) {
    this.check();
    this.mgets += 1;
    return keys.map((k) => this.store.get(k) ?? null);
  }
  async set(key: string, value: string, ...rest: unknown[]) {
    this.check();
    if (rest.includes('NX') && this.store.has(key)) return null;
    this.store.set(key, value);
    return 'OK';
  }
  async get(key: string) {
    this.check();
    return this.store.get(key) ?? null;
  }
  incr(key: string) {
    this.store.set(key, String(Number(this.store.get(key) ?? 0) + 1));
  }
}

function fakeCache(redis: FakeRedis): Cache {
  return {
    redis,
    async get(_name: string, key: string) {
      try {
        const raw = await redis.get(key);
        return raw === null ? undefined : JSON.parse(raw);
      } catch {
        return undefined;
      }
    },
    async set(_name: string, key: string, value: unknown) {
      await redis.set(key, JSON.stringify(value)).catch(() => undefined);
    },
  } as unknown as Cache;
}

const schema = buildSchema(`
  type Query { popularProducts(days: Int): Ranking, other: Int, me: String }
  type Ranking { n: Int }
  type Mutation { m: Int }
`);

describe('ResponseCache in front of a GraphQL handler', () => {
  let redis: FakeRedis;
  let server: http.Server;
  let url: string;
  let executed: number;
  let bodies: unknown[];
  let answer: { body: unknown; status: number };

  beforeEach(async () => {
    redis = new FakeRedis();
    redis.store.set('gen:a', '1');
    executed = 0;
    bodies = [];
    answer = { body: { data: { popularProducts: { n: 1 } } }, status: 200 };
    const cache = new ResponseCache(schema, fakeCache(redis), [{ field: 'popularProducts', generationKeys: ['gen:a'] }], pino({ level: 'silent' }));
    const app = express();
    app.use('/graphql', express.json(), cache.forwardBodyError, (req, res) => {
      executed += 1;
      bodies.push(req.body);
      // Slow enough that concurrent requests overlap.
      setTimeout(() => res.status(answer.status).type('application/json').send(JSON.stringify(answer.body)), 20);
    });
    // As express.json's failures are answered in server.ts.
    app.use((err: { status: number; type: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(err.status).json({ error: err.type });
    });
    server = http.createServer(cache.front(app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (query: string, variables: unknown = {}, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) })
      .then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.text() }));
  const POPULAR = 'query P($days: Int) { popularProducts(days: $days) { n } }';

  it('executes an allowlisted query once and replays the same bytes and content type', async () => {
    const first = await post(POPULAR, { days: 3 });
    const second = await post(POPULAR, { days: 3 });
    expect(executed).toBe(1);
    expect(second).toEqual(first);
    expect(second.type).toContain('application/json');
    await post(POPULAR, { days: 4 }); // other variables, other entry
    expect(executed).toBe(2);
  });

  it('re-executes once the generation changed, never replaying the old answer', async () => {
    await post(POPULAR);
    redis.incr('gen:a');
    answer.body = { data: { popularProducts: { n: 2 } } };
    expect(JSON.parse((await post(POPULAR)).body)).toEqual({ data: { popularProducts: { n: 2 } } });
    expect(executed).toBe(2);
  });

  it('shares one execution among concurrent identical misses', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(POPULAR)));
    expect(executed).toBe(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  });

  it('leaves non-allowlisted fields, mutations, introspection and mixed documents to the handler every time', async () => {
    for (const query of ['{ other }', '{ popularProducts { n } me }', 'mutation { m }', '{ __schema { queryType { name } } }',
      'query { ...F } fragment F on Query { popularProducts { n } other }']) {
      await post(query);
      await post(query);
    }
    expect(executed).toBe(10);
  });

  it('follows fragments and __typename at the root', async () => {
    const query = 'query { __typename ...F } fragment F on Query { ... on Query { popularProducts { n } } }';
    await post(query);
    await post(query);
    expect(executed).toBe(1);
  });

  it('never keeps an answer with errors or a non-200 status', async () => {
    answer.body = { errors: [{ message: 'bad days' }] };
    await post(POPULAR);
    await post(POPULAR);
    answer = { status: 400, body: { data: { popularProducts: null } } };
    await post(POPULAR);
    await post(POPULAR);
    expect(executed).toBe(4);
  });

  it('keeps only anonymous executions, but serves the public answer to signed-in callers', async () => {
    await post(POPULAR, {}, { authorization: 'Bearer x' });
    await post(POPULAR, {}, { authorization: 'Bearer x' });
    expect(executed).toBe(2);
    await post(POPULAR);
    await post(POPULAR, {}, { authorization: 'Bearer y' });
    expect(executed).toBe(3);
  });

  it('stands aside while Redis is down, and drops in-process entries when the connection closes', async () => {
    await post(POPULAR);
    redis.down = true;
    await post(POPULAR);
    await post(POPULAR);
    expect(executed).toBe(3);
    redis.down = false;
    redis.close(); // reconnect: a new epoch
    await post(POPULAR);
    expect(executed).toBe(4);
  });

  it('finds the shared (Redis) entry for the same normalized document with other spacing and variable order', async () => {
    await post('query P($days: Int, $x: Int) { popularProducts(days: $days) { n } }', { days: 3, x: 1 });
    await post('query P($days: Int, $x: Int) {\n  popularProducts(days: $days) {\n    n\n  }\n}', { x: 1, days: 3 });
    expect(executed).toBe(1);
  });

  it('hands everything it does not answer to express as express.json would have parsed it', async () => {
    const raw = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body })
      .then(async (r) => ({ status: r.status, body: await r.text() }));
    expect(await raw('{"query": ', { 'content-type': 'application/json' })).toEqual({ status: 400, body: '{"error":"entity.parse.failed"}' });
    expect(await raw('"just a string"', { 'content-type': 'application/json' })).toEqual({ status: 400, body: '{"error":"entity.parse.failed"}' });
    expect(executed).toBe(0);
    await raw('{"query":"mutation { m }","variables":{"a":1}}', { 'content-type': 'application/json; charset=utf-8' });
    await post(POPULAR, { days: 1 });
    await post(POPULAR, { days: 1 }); // served by the front: express never sees it
    const big = JSON.stringify({ query: `${POPULAR} ${' '.repeat(20_000)}`, variables: { days: 2 } });
    await raw(big, { 'content-type': 'application/json' }); // too big to be read here: express reads it
    await raw(big, { 'content-type': 'application/json' });
    expect(executed).toBe(4);
    expect(bodies).toEqual([
      { query: 'mutation { m }', variables: { a: 1 } },
      { query: POPULAR, variables: { days: 1 } },
      JSON.parse(big),
      JSON.parse(big),
    ]);
  });

  it('initialises a missing generation key instead of trusting it', async () => {
    redis.store.delete('gen:a');
    await post(POPULAR);
    expect(Number(redis.store.get('gen:a'))).toBeGreaterThan(Date.now());
    await post(POPULAR);
    await post(POPULAR);
    expect(executed).toBe(2);
  });
});

describe('Generations', () => {
  it('answers every caller with a read that started after it asked, one round trip for many callers', async () => {
    let value = '1';
    const started: Array<() => void> = [];
    const redis = {
      mget: (..._keys: string[]) => {
        const seen = value; // what Redis holds when the command arrives
        return new Promise<string[]>((resolve) => started.push(() => resolve([seen])));
      },
    };
    const generations = new Generations({ redis } as unknown as Cache, ['k']);
    const first = generations.read();
    expect(started).toHaveLength(1);
    value = '2'; // bumped while the first read is in flight
    const later = [generations.read(), generations.read(), generations.read()];
    expect(started).toHaveLength(1); // they wait for the next round trip
    started[0]();
    expect(await first).toEqual(['1']);
    await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(2);
    started[1]();
    expect(await Promise.all(later)).toEqual([['2'], ['2'], ['2']]);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":2,"f":1}]},"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

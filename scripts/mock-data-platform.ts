/**
 * A stand-in for the external data platform, for development and tests.
 *
 *   POST /events        records the JSON body; dedups by the Idempotency-Key header (400 without one)
 *   GET  /received      { count, requests, events: [{ idempotencyKey, body, receivedAt }] }
 *   POST /fail          { count: n } → the next n POST /events answer 503
 *                       { mode: 'always' | 'never' | 'hang' } → every one fails / none does / none answers
 *   POST /reset         forget everything, stop failing
 *
 * `npm run mock:data-platform` (port MOCK_DATA_PLATFORM_PORT, default 4100), or in-process from a
 * test: `await startMockDataPlatform(0)`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FailMode = 'never' | 'always' | 'hang';

export interface ReceivedEvent {
  idempotencyKey: string;
  body: unknown;
  receivedAt: string;
}

export interface MockDataPlatform {
  port: number;
  /** The URL to set as DATA_PLATFORM_URL. */
  url: string;
  /** Distinct deliveries, one per Idempotency-Key. */
  received(): ReceivedEvent[];
  /** Every POST /events that reached the handler, duplicates and refused ones included. */
  requests(): number;
  /** POST /events carrying this Idempotency-Key, failed and duplicate ones included. */
  requestsFor(key: string): number;
  failNext(count: number): void;
  setMode(mode: FailMode): void;
  reset(): void;
  stop(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startMockDataPlatform(port = 0, host = '127.0.0.1'): Promise<MockDataPlatform> {
  const events = new Map<string, ReceivedEvent>();
  let requests = 0;
  const perKey = new Map<string, number>();
  let failCount = 0;
  let mode: FailMode = 'never';
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    readBody(req).then(
      (raw) => route(req, res, raw),
      () => reply(res, 413, { error: 'body too large' }),
    );
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/events') return receive(req, res, raw);
    if (req.method === 'GET' && path === '/received') {
      return reply(res, 200, { count: events.size, requests, events: [...events.values()] });
    }
    if (req.method === 'POST' && path === '/fail') {
      const body = parse(raw) as { count?: unknown; mode?: unknown } | undefined;
      if (Number.isInteger(body?.count) && (body!.count as number) >= 0) failCount = body!.count as number;
      else if (body?.mode === 'always' || body?.mode === 'never' || body?.mode === 'hang') mode = body.mode;
      else return reply(res, 400, { error: 'send { count: n } or { mode: "always" | "never" | "hang" }' });
      return reply(res, 200, { failCount, mode });
    }
    if (req.method === 'POST' && path === '/reset') {
      reset();
      return reply(res, 200, { ok: true });
    }
    reply(res, 404, { error: 'not found' });
  }

  function receive(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    requests += 1;
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') perKey.set(key, (perKey.get(key) ?? 0) + 1);
    if (mode === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (mode === 'always' || failCount > 0) {
      if (failCount > 0) failCount -= 1;
      return reply(res, 503, { error: 'data platform is failing on purpose' });
    }
    const body = parse(raw);
    if (typeof key !== 'string' || key === '') return reply(res, 400, { error: 'Idempotency-Key header is required' });
    if (body === undefined) return reply(res, 400, { error: 'body must be JSON' });
    if (events.has(key)) return reply(res, 200, { duplicate: true });
    events.set(key, { idempotencyKey: key, body, receivedAt: new Date().toISOString() });
    reply(res, 201, { accepted: true });
  }

  function reset(): void {
    events.clear();
    perKey.clear();
    requests = 0;
    failCount = 0;
    mode = 'never';
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = (server.address() as AddressInfo).port;

  return {
    port: actual,
    url: `http://${host}:${actual}/events`,
    received: () => [...events.values()],
    requests: () => requests,
    requestsFor: (key) => perKey.get(key) ?? 0,
    failNext: (count) => (failCount = count),
    setMode: (m) => (mode = m),
    reset,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parse(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

if (require.main === module) {
  const raw = process.env.MOCK_DATA_PLATFORM_PORT ?? '4100';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`MOCK_DATA_PLATFORM_PORT must be a port number, got "${raw}"`);
    process.exit(1);
  }
  startMockDataPlatform(port).then(
    (mock) => {
      console.log(`mock data platform listening: POST ${mock.url}, GET http://127.0.0.1:${mock.port}/received, POST /fail { count } | { mode }`);
      const stop = () => void mock.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err: Error) => {
      console.error(`mock data platform cannot start: ${err.message}`);
      process.exit(1);
    },
  );
}

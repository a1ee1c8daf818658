/**
 * A stand-in for the card payment gateway (docs/delivery.md has the protocol), for development
 * and tests. Every write is idempotent by its Idempotency-Key: the same key again answers the
 * first answer. Test cards: tok_ok (and any other tok_…) authorizes, tok_declined is declined
 * (card_declined), tok_insufficient (insufficient_funds).
 *
 *   POST /authorizations                 { amount, currency, cardToken, reference } → 201 { id, status } | 402 { error }
 *   GET  /authorizations?idempotencyKey= → 200 { id, status } | 404
 *   POST /authorizations/:id/capture | /void | /refunds { amount }  → 200 { id, status } (409 when not possible)
 *
 * Admin (local only):
 *   POST /admin/mode  { mode, delayMs?, count? }  how the next `count` (default: all) authorizations behave:
 *        normal | slow (answer after delayMs) | fail (503, nothing taken) | hang (never answer, nothing taken)
 *        | decline (402 card_declined) | late (take the charge, answer after delayMs)
 *   GET  /admin/stats   { authorizations, authorizeRequests, captures, voids, refunds, lookups }
 *   POST /admin/reset
 *
 * `npm run mock:payment-gateway` (port MOCK_PAYMENT_GATEWAY_PORT, default 4200), or in-process:
 * `await startMockPaymentGateway(0)`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export type GatewayMode = 'normal' | 'slow' | 'fail' | 'hang' | 'decline' | 'late';

export interface Authorization {
  id: string;
  key: string;
  amount: number;
  reference: string;
  status: 'AUTHORIZED' | 'DECLINED' | 'CAPTURED' | 'VOIDED' | 'REFUNDED';
  error?: string;
  captures: number;
  voids: number;
}

export interface GatewayStats {
  /** Authorizations taken (distinct keys with AUTHORIZED or later), declines not counted. */
  authorizations: number;
  authorizeRequests: number;
  captures: number;
  voids: number;
  refunds: number;
  lookups: number;
}

export interface MockPaymentGateway {
  port: number;
  url: string;
  setMode(mode: GatewayMode, options?: { delayMs?: number; count?: number }): void;
  stats(): GatewayStats;
  authorizations(): Authorization[];
  reset(): void;
  stop(): Promise<void>;
}

export async function startMockPaymentGateway(port = 0, host = '127.0.0.1'): Promise<MockPaymentGateway> {
  const byKey = new Map<string, { status: number; body: unknown }>();
  const byId = new Map<string, Authorization>();
  const authByKey = new Map<string, Authorization>();
  const opAnswers = new Map<string, { status: number; body: unknown }>();
  let mode: GatewayMode = 'normal';
  let delayMs = 3_000;
  let remaining = Infinity;
  const counts = { authorizeRequests: 0, captures: 0, voids: 0, refunds: 0, lookups: 0 };
  const open = new Set<http.ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  };
  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  /** The mode for this authorization (a counted mode falls back to normal when used up). */
  const takeMode = (): GatewayMode => {
    if (mode === 'normal') return mode;
    if (remaining <= 0) return 'normal';
    remaining -= 1;
    return mode;
  };

  function authorize(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown> | undefined) {
    counts.authorizeRequests += 1;
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return reply(res, 400, { error: 'Idempotency-Key header is required' });
    const first = byKey.get(key);
    if (first) return reply(res, first.status, first.body);
    if (!body || !Number.isInteger(body.amount) || typeof body.cardToken !== 'string') return reply(res, 400, { error: 'amount and cardToken are required' });
    const how = takeMode();
    if (how === 'fail') return reply(res, 503, { error: 'gateway overloaded (on purpose)' });
    if (how === 'hang') return void open.add(res);
    const declined = how === 'decline' || body.cardToken === 'tok_declined' || body.cardToken === 'tok_insufficient';
    const error = body.cardToken === 'tok_insufficient' ? 'insufficient_funds' : 'card_declined';
    const auth: Authorization = {
      id: `auth_${randomUUID()}`, key, amount: body.amount as number, reference: String(body.reference ?? ''),
      status: declined ? 'DECLINED' : 'AUTHORIZED', error: declined ? error : undefined, captures: 0, voids: 0,
    };
    const answer = declined ? { status: 402, body: { error } } : { status: 201, body: { id: auth.id, status: 'AUTHORIZED' } };
    // Taken now, whatever happens to the answer ('late' answers after the client gave up).
    byKey.set(key, answer);
    byId.set(auth.id, auth);
    authByKey.set(key, auth);
    if (how === 'late' || how === 'slow') return later(delayMs, () => reply(res, answer.status, answer.body));
    reply(res, answer.status, answer.body);
  }

  function operate(req: http.IncomingMessage, res: http.ServerResponse, id: string, op: string, body: Record<string, unknown> | undefined) {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return reply(res, 400, { error: 'Idempotency-Key header is required' });
    const opKey = `${op}:${key}`;
    const first = opAnswers.get(opKey);
    if (first) return reply(res, first.status, first.body);
    const auth = byId.get(id);
    if (!auth) return reply(res, 404, { error: 'no such authorization' });
    let answer: { status: number; body: unknown };
    if (op === 'capture' && auth.status === 'AUTHORIZED') {
      auth.status = 'CAPTURED';
      auth.captures += 1;
      counts.captures += 1;
      answer = { status: 200, body: { id, status: auth.status } };
    } else if (op === 'void' && auth.status === 'AUTHORIZED') {
      auth.status = 'VOIDED';
      auth.voids += 1;
      counts.voids += 1;
      answer = { status: 200, body: { id, status: auth.status } };
    } else if (op === 'refunds' && auth.status === 'CAPTURED' && Number.isInteger(body?.amount)) {
      auth.status = 'REFUNDED';
      counts.refunds += 1;
      answer = { status: 200, body: { id, status: auth.status } };
    } else answer = { status: 409, body: { error: `cannot ${op} an authorization that is ${auth.status}` } };
    opAnswers.set(opKey, answer);
    reply(res, answer.status, answer.body);
  }

  function admin(path: string, res: http.ServerResponse, body: Record<string, unknown> | undefined) {
    if (path === '/admin/stats') return reply(res, 200, stats());
    if (path === '/admin/reset') return reset(), reply(res, 200, { ok: true });
    if (path === '/admin/mode') {
      const modes: GatewayMode[] = ['normal', 'slow', 'fail', 'hang', 'decline', 'late'];
      if (!modes.includes(body?.mode as GatewayMode)) return reply(res, 400, { error: `mode must be one of ${modes.join(', ')}` });
      setMode(body!.mode as GatewayMode, { delayMs: body!.delayMs as number | undefined, count: body!.count as number | undefined });
      return reply(res, 200, { mode, delayMs, remaining: Number.isFinite(remaining) ? remaining : null });
    }
    reply(res, 404, { error: 'not found' });
  }

  function setMode(next: GatewayMode, options: { delayMs?: number; count?: number } = {}) {
    mode = next;
    if (Number.isInteger(options.delayMs)) delayMs = options.delayMs!;
    remaining = Number.isInteger(options.count) ? options.count! : Infinity;
    if (next !== 'hang') for (const res of open) res.destroy();
  }

  function stats(): GatewayStats {
    const taken = [...authByKey.values()].filter((a) => a.status !== 'DECLINED').length;
    return { authorizations: taken, ...counts };
  }

  function reset() {
    byKey.clear(); byId.clear(); authByKey.clear(); opAnswers.clear();
    Object.assign(counts, { authorizeRequests: 0, captures: 0, voids: 0, refunds: 0, lookups: 0 });
    setMode('normal');
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try { body = raw ? JSON.parse(raw) : undefined; } catch { return reply(res, 400, { error: 'body must be JSON' }); }
      res.on('close', () => open.delete(res));
      const url = new URL(req.url ?? '/', 'http://gateway');
      const path = url.pathname;
      if (path.startsWith('/admin/')) return admin(path, res, body);
      if (req.method === 'POST' && path === '/authorizations') return authorize(req, res, body);
      if (req.method === 'GET' && path === '/authorizations') {
        counts.lookups += 1;
        const auth = authByKey.get(url.searchParams.get('idempotencyKey') ?? '');
        return auth ? reply(res, 200, { id: auth.id, status: auth.status }) : reply(res, 404, { error: 'no authorization with that key' });
      }
      const op = /^\/authorizations\/([^/]+)\/(capture|void|refunds)$/.exec(path);
      if (req.method === 'POST' && op) return operate(req, res, decodeURIComponent(op[1]), op[2], body);
      reply(res, 404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual, url: `http://${host}:${actual}`, setMode, stats, reset,
    authorizations: () => [...authByKey.values()],
    stop: () => new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

if (require.main === module) {
  const raw = process.env.MOCK_PAYMENT_GATEWAY_PORT ?? '4200';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`MOCK_PAYMENT_GATEWAY_PORT must be a port number, got "${raw}"`);
    process.exit(1);
  }
  startMockPaymentGateway(port).then(
    (mock) => {
      console.log(`mock payment gateway on ${mock.url} (PAYMENT_GATEWAY_URL); POST /admin/mode {"mode":"fail"|"hang"|"late"|"slow"|"decline"|"normal"}, GET /admin/stats`);
      const stop = () => void mock.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err: Error) => {
      console.error(`mock payment gateway cannot start: ${err.message}`);
      process.exit(1);
    },
  );
}

import { ProductDocument, ProductsDocument } from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct } from '../support/actors';
import { startOwnNats, startOwnRedis, type OwnService } from '../support/own-services';

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};
const base = (app: TestApp) => app.url.replace(/\/graphql$/, '');

describe('health and metrics endpoints', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('/healthz answers while the process lives; /readyz checks Postgres, Redis and NATS', async () => {
    expect(await get(`${base(app)}/healthz`)).toMatchObject({ status: 200, text: JSON.stringify({ status: 'ok' }) });
    const ready = await get(`${base(app)}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok', nats: 'ok' } });
  });

  it('/metrics has request durations by operation, outbox backlog, projector lag and cache lookups', async () => {
    const admin = await adminToken(app);
    const product = await createProduct(app, admin);
    await eventually(() => app.ok(ProductDocument, { id: product.id }).then((d) => d.product ?? undefined), 10_000, 'projected');
    await app.ok(ProductDocument, { id: product.id });
    await app.ok(ProductsDocument, { first: 5 });

    const metrics = await get(`${base(app)}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^graphql_request_duration_seconds_bucket\{[^}]*operation="Product"[^}]*type="query"/m);
    expect(metrics.text).toMatch(/^graphql_request_duration_seconds_count\{[^}]*operation="CreateProduct"[^}]*type="mutation"[^}]*\} [1-9]/m);
    expect(metrics.text).toMatch(/^outbox_backlog \d+/m);
    expect(metrics.text).toMatch(/^projector_lag_seconds_count\{projection="product"\} [1-9]/m);
    expect(metrics.text).toMatch(/^cache_requests_total\{cache="product",result="(hit|miss)"\} [1-9]/m);
    expect(metrics.text).toMatch(/^rate_limit_decisions_total\{action="signIn",outcome="allowed",backend="redis"\} [1-9]/m);
  });

  it('an invented operation name per request does not grow /metrics without bound', async () => {
    for (let i = 0; i < 5; i++) {
      await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `query Bogus${i}x { nope }` }) });
    }
    const metrics = await get(`${base(app)}/metrics`);
    expect(metrics.text).not.toMatch(/operation="Bogus/);
    expect(metrics.text).toMatch(/operation="invalid"/);
  });
});

describe('/readyz names the dependency that is down', () => {
  let redis: OwnService;
  let nats: OwnService;
  let app: TestApp;
  beforeAll(async () => {
    [redis, nats] = [await startOwnRedis(), await startOwnNats()];
    app = await startTestApp({ REDIS_URL: redis.url, NATS_URL: nats.url, ROLES: 'api' });
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([redis?.dispose(), nats?.dispose()]);
  });

  const readiness = async () => {
    const res = await get(`${base(app)}/readyz`);
    return { status: res.status, body: JSON.parse(res.text) as { status: string; checks: Record<string, string>; degraded?: Record<string, string> } };
  };

  it('Redis down → still 200 (it is a cache), "degraded" naming redis; back → "ready"', async () => {
    expect((await readiness()).body.status).toBe('ready');
    await redis.kill();
    const down = await readiness();
    expect(down.status).toBe(200);
    expect(down.body.status).toBe('degraded');
    expect(down.body.degraded).toEqual({ redis: expect.stringMatching(/reads answer from Postgres/) });
    expect(down.body.checks.postgres).toBe('ok');
    expect(down.body.checks.nats).toBe('ok');
    expect(down.body.checks.redis).not.toBe('ok');
    // /healthz is about the process only: still fine.
    expect((await get(`${base(app)}/healthz`)).status).toBe(200);
    await redis.start();
    await eventually(async () => (await readiness()).body.status === 'ready', 10_000, 'ready again after Redis returned');
  });

  it('NATS down → 503 naming nats; back → 200', async () => {
    await nats.kill();
    const down = await eventually(async () => {
      const r = await readiness();
      return r.status === 503 ? r : undefined;
    }, 5_000, 'not ready without NATS');
    expect(down.body.checks.nats).not.toBe('ok');
    expect(down.body.checks.redis).toBe('ok');
    await nats.start();
    await eventually(async () => (await readiness()).status === 200, 15_000, 'ready again after NATS returned');
  });
});

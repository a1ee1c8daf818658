import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { PopularProductsDocument } from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct } from '../support/actors';
import { appendToOutboxRows, paidSale } from '../support/sales';
import { systemClock } from '../../src/shared/clock';

/** A redis-server of this test's own (never the machine's 6379), so it can be killed. */
class OwnRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}/0`;
  }
  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
      child.stdout!.on('data', (d) => {
        out += d;
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
    });
  }
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

const portIsFree = (port: number) => new Promise<boolean>((resolve) => {
  const probe = net.createServer();
  probe.once('error', () => resolve(false));
  probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
});

async function freePort(): Promise<number> {
  const base = Number(process.env.SPAWN_PORT_BASE ?? 15_000) + 850;
  for (let i = 0; i < 50; i++) if (await portIsFree(base + ((process.pid + i) % 50))) return base + ((process.pid + i) % 50);
  throw new Error('no free port for redis-server');
}

let redis: OwnRedis;
let app: TestApp;

beforeAll(async () => {
  redis = new OwnRedis(await freePort());
  await redis.start();
  app = await startTestApp({ REDIS_URL: redis.url });
});
afterAll(async () => {
  await app?.stop();
  await redis?.kill();
});

const metric = async (result: string) => {
  const text = await fetch(app.url.replace('/graphql', '/metrics')).then((r) => r.text());
  const line = text.split('\n').find((l) => l.startsWith(`cache_requests_total{cache="response",result="${result}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};
const ranking = async () => {
  const { popularProducts } = await app.ok(PopularProductsDocument, { days: 3, limit: 5 });
  return popularProducts.items.map((i) => `${i.product.name}:${i.soldQuantity}`);
};

it('answers popularProducts from Postgres while Redis is down, follows new sales meanwhile, and caches again after', async () => {
  const admin = await adminToken(app);
  const category = `redis-down-${randomUUID()}`;
  const [a, b] = [await createProduct(app, admin, { name: 'A', category }), await createProduct(app, admin, { name: 'B', category })];
  await eventually(async () => (await app.services.pool.query('select count(*)::int as n from product_read where category = $1 and version > 0', [category])).rows[0].n === 2);
  const now = new Date('2095-02-02T12:00:00.000Z');
  app.services.clock = { now: () => now };
  try {
    await appendToOutboxRows(app.services.pool, [paidSale([{ productId: a.id, quantity: 3, unitPrice: 10 }], now).paid]);
    await eventually(async () => (await ranking()).join() === 'A:3', 15_000, 'first sale ranked');
    const hitsBefore = await metric('hit');
    await ranking();
    await ranking();
    expect(await metric('hit')).toBeGreaterThan(hitsBefore);

    await redis.kill();
    const started = Date.now();
    expect(await ranking()).toEqual(['A:3']);
    expect(Date.now() - started).toBeLessThan(1_000); // no waiting on a dead Redis
    expect(await metric('error')).toBeGreaterThan(0); // the response cache stood aside

    // Sales go on while Redis is down: the projector commits, its cache refresh fails harmlessly,
    // and readers see the new ranking from Postgres (no in-process copy is trusted meanwhile).
    await appendToOutboxRows(app.services.pool, [paidSale([{ productId: b.id, quantity: 8, unitPrice: 10 }], now).paid]);
    await eventually(async () => (await ranking()).join() === 'B:8,A:3', 15_000, 'new ranking without Redis');
    for (let i = 0; i < 5; i++) expect(await ranking()).toEqual(['B:8', 'A:3']);

    // Redis comes back empty: answers stay right, and the cache fills again.
    await redis.start();
    await eventually(async () => {
      const before = await metric('hit');
      expect(await ranking()).toEqual(['B:8', 'A:3']);
      expect(await ranking()).toEqual(['B:8', 'A:3']);
      return (await metric('hit')) > before;
    }, 15_000, 'response cache serving again after Redis returned');
  } finally {
    app.services.clock = systemClock;
  }
});

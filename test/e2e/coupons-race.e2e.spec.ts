import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Pool } from 'pg';
import { newId } from '../../src/shared/ids';
import { Tokens } from '../../src/modules/identity/auth/tokens';
import { Role } from '../../src/modules/identity/domain/user.entity';
import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { startTestApp, testConfig, type TestApp } from '../support/test-app';
import { campaignInvariants, claim, insertUsers, openCampaign, tally, type StormUser } from '../support/coupon-storm';

/**
 * First come, first served under a stampede, checked from Postgres afterwards:
 * issued ≤ totalQuantity, ≤ 1 per user, and the counter equals the rows — with one API
 * process, with two, and with Redis killed in the middle of the storm.
 */
jest.setTimeout(120_000);

const USERS = 1_000;
const BASE = Number(process.env.SPAWN_PORT_BASE ?? 15_000);

async function freePort(from: number, to: number): Promise<number> {
  for (let port = from + (process.pid % (to - from)); ; port = port >= to ? from : port + 1) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** Our own throwaway redis-server (never the machine's on 6379), so it can be killed mid-test. */
async function startOwnRedis(): Promise<{ url: string; kill(): Promise<void> }> {
  const port = await freePort(BASE + 850, BASE + 899);
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
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
  });
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Fires every (user, url) claim at once; `onEach` sees each answer as it arrives. */
function storm(urls: string[], tokens: string[], campaignId: string, onEach?: (n: number) => void): Promise<string[]> {
  let done = 0;
  return Promise.all(tokens.map((token, i) => claim(urls[i % urls.length], token, campaignId).then((r) => {
    onEach?.(++done);
    return r;
  })));
}

async function expectExact(pool: Pool, campaignId: string, total: number) {
  expect(await campaignInvariants(pool, campaignId)).toEqual({ total, counter: total, rows: total, duplicate_users: 0 });
}

function scenarios(setup: () => { urls: string[]; pool: Pool; users: StormUser[]; admin: string }) {
  it(`${USERS} distinct users race for 100 coupons → exactly 100 issued, ${USERS - 100} COUPON_EXHAUSTED`, async () => {
    const { urls, pool, users, admin } = setup();
    const campaignId = await openCampaign(urls[0], admin, { totalQuantity: 100 });
    const results = await storm(urls, users.map((u) => u.token), campaignId);
    expect(tally(results)).toEqual({ ISSUED: 100, COUPON_EXHAUSTED: USERS - 100 });
    await expectExact(pool, campaignId, 100);
  });

  it(`${USERS} distinct users race for 1 coupon → exactly 1`, async () => {
    const { urls, pool, users, admin } = setup();
    const campaignId = await openCampaign(urls[0], admin, { totalQuantity: 1 });
    const results = await storm(urls, users.map((u) => u.token), campaignId);
    expect(tally(results)).toEqual({ ISSUED: 1, COUPON_EXHAUSTED: USERS - 1 });
    await expectExact(pool, campaignId, 1);
  });

  it('one user firing 20 requests at once → 1 coupon, 19 COUPON_ALREADY_ISSUED', async () => {
    const { urls, pool, users, admin } = setup();
    const campaignId = await openCampaign(urls[0], admin, { totalQuantity: 100 });
    const results = await storm(urls, Array(20).fill(users[0].token), campaignId);
    expect(tally(results)).toEqual({ ISSUED: 1, COUPON_ALREADY_ISSUED: 19 });
    const invariants = await campaignInvariants(pool, campaignId);
    expect(invariants).toEqual({ total: 100, counter: 1, rows: 1, duplicate_users: 0 });
  });
}

describe('coupon storm', () => {
  let pool: Pool;
  let users: StormUser[];
  let admin: string;
  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
    const config = testConfig();
    const adminId = newId();
    admin = await new Tokens(config.jwtSecret, config.jwtTtlSeconds).issue({ id: adminId, role: Role.ADMIN });
  });
  afterAll(() => pool?.end());

  describe('one API process (Redis gate up)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
      users = await insertUsers(pool, USERS);
    });
    afterAll(() => app?.stop());
    scenarios(() => ({ urls: [app.url], pool, users, admin }));
  });

  describe('two API processes (requests spread over both)', () => {
    let apps: SpawnedApp[] = [];
    beforeAll(async () => {
      const ports = [await freePort(BASE + 800, BASE + 824), await freePort(BASE + 825, BASE + 849)];
      apps = await Promise.all(ports.map((p) => spawnApp({ ROLES: 'api', PORT: String(p), LOG_LEVEL: 'warn' })));
      users = await insertUsers(pool, USERS);
    });
    afterAll(() => Promise.all(apps.map((a) => a.stop())));
    scenarios(() => ({ urls: apps.map((a) => a.url), pool, users, admin }));
  });

  describe('two API processes, Redis killed mid-storm', () => {
    let apps: SpawnedApp[] = [];
    let redis: Awaited<ReturnType<typeof startOwnRedis>>;
    beforeAll(async () => {
      redis = await startOwnRedis();
      const ports = [await freePort(BASE + 800, BASE + 824), await freePort(BASE + 825, BASE + 849)];
      apps = await Promise.all(ports.map((p) => spawnApp({ ROLES: 'api', PORT: String(p), LOG_LEVEL: 'error', REDIS_URL: redis.url })));
      users = await insertUsers(pool, USERS);
    });
    afterAll(async () => {
      await Promise.all(apps.map((a) => a.stop()));
      await redis?.kill();
    });

    it(`Redis dies after the first answers: still exactly 100 of 100, ${USERS - 100} COUPON_EXHAUSTED`, async () => {
      const urls = apps.map((a) => a.url);
      const campaignId = await openCampaign(urls[0], admin, { totalQuantity: 100 });
      let killed: Promise<void> | undefined;
      const results = await storm(urls, users.map((u) => u.token), campaignId, (n) => {
        if (n === 30) killed = redis.kill(); // mid-storm: most claims are still in flight
      });
      await killed;
      expect(tally(results)).toEqual({ ISSUED: 100, COUPON_EXHAUSTED: USERS - 100 });
      await expectExact(pool, campaignId, 100);
    });

    // Redis stays dead for these: every claim goes to Postgres alone.
    scenarios(() => ({ urls: apps.map((a) => a.url), pool, users, admin }));
  });
});

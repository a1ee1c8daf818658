import { Pool } from 'pg';
import { newId } from '../../src/shared/ids';
import { Tokens } from '../../src/modules/identity/auth/tokens';
import { Role } from '../../src/modules/identity/domain/user';
import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { startOwnRedis, type OwnService } from '../support/own-services';
import { startTestApp, testConfig, type TestApp } from '../support/test-app';
import { campaignInvariants, claim, insertUsers, openCampaign, tally, type StormUser } from '../support/coupon-storm';

/**
 * First come, first served under a stampede, checked from Postgres afterwards:
 * issued ≤ totalQuantity, ≤ 1 per user, and the counter equals the rows — with one API
 * process, with two, and with Redis killed in the middle of the storm.
 */
jest.setTimeout(120_000);

const USERS = 1_000;
// Every storm comes from 127.0.0.1 and one user fires 20 at once: rate limits would answer
// RATE_LIMITED before the coupon logic runs, so they are opened wide here (as in npm run bench).
const OPEN_LIMITS = { RATE_LIMIT_PER_IP: '10000000', RATE_LIMIT_PER_USER: '100000' };

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
  const adminId = newId();
  // Admin operations check the account as it is now (issue 12 item 13): the token's user must exist as an ADMIN.
  const ensureAdminRow = () => pool.query(
    `insert into users (id, email, name, password_hash, role) values ($1::uuid, 'storm-admin-' || $1::text || '@example.test', 'Storm admin', 'not-a-hash', 'ADMIN')
     on conflict do nothing`, [adminId],
  );
  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
    const config = testConfig();
    admin = await new Tokens(config.jwtSecret, config.jwtTtlSeconds).issue({ id: adminId, role: Role.ADMIN });
  });
  afterAll(() => pool?.end());

  describe('one API process (Redis gate up)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(OPEN_LIMITS);
      users = await insertUsers(pool, USERS);
      await ensureAdminRow();
    });
    afterAll(() => app?.stop());
    scenarios(() => ({ urls: [app.url], pool, users, admin }));
  });

  describe('two API processes (requests spread over both)', () => {
    let apps: SpawnedApp[] = [];
    beforeAll(async () => {
      apps = await Promise.all([1, 2].map(() => spawnApp({ ...OPEN_LIMITS, ROLES: 'api', LOG_LEVEL: 'warn' })));
      users = await insertUsers(pool, USERS);
      await ensureAdminRow();
    });
    afterAll(() => Promise.all(apps.map((a) => a.stop())));
    scenarios(() => ({ urls: apps.map((a) => a.url), pool, users, admin }));
  });

  describe('two API processes, Redis killed mid-storm', () => {
    let apps: SpawnedApp[] = [];
    let redis: OwnService; // this test's own redis-server (never the machine's), killed mid-storm
    beforeAll(async () => {
      redis = await startOwnRedis();
      apps = await Promise.all([1, 2].map(() => spawnApp({ ...OPEN_LIMITS, ROLES: 'api', LOG_LEVEL: 'error', REDIS_URL: redis.url })));
      users = await insertUsers(pool, USERS);
      await ensureAdminRow();
    });
    afterAll(async () => {
      await Promise.all(apps.map((a) => a.stop()));
      await redis?.dispose();
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

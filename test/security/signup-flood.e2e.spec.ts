import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app';
import { percentile, rawPost } from './attack-client';

/**
 * Attack (issue 12 items 5 and 17): signUp had no rate limit: 40 clients made 248 accounts in
 * 5 s (each a scrypt hash, slowing everyone's sign-in), and 200 EMAIL_TAKEN probes in 4 s
 * enumerated accounts. signUp is limited per IP (SIGNUP_RATE_LIMIT_PER_IP a minute), which also
 * bounds the hashing work one address can cause, and EMAIL_TAKEN costs what a sign-up costs.
 */
let app: TestApp;

beforeAll(async () => {
  // One proxy hop trusted, so each test can be a fresh address (the counter lives in Redis for a minute).
  app = await startTestApp({ ROLES: 'api', SIGNUP_RATE_LIMIT_PER_IP: '20', TRUST_PROXY_HOPS: '1' });
});
afterAll(() => app?.stop());

const SIGN_UP = 'mutation($input: SignUpInput!) { signUp(input: $input) { token userErrors { code message } } }';
const signUp = (ip: string, email: string) =>
  rawPost(app.url, JSON.stringify({ query: SIGN_UP, variables: { input: { email, password: 'correct horse battery', name: 'Flood' } } }), undefined, { 'x-forwarded-for': ip });
const freshIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const codeOf = (res: Awaited<ReturnType<typeof signUp>>) =>
  ((res.body.data?.signUp as { userErrors: Array<{ code: string }> } | undefined)?.userErrors[0]?.code) ?? (res.body.data?.signUp ? 'OK' : 'ERROR');

it('40 parallel sign-ups from one address: 20 accounts, the rest RATE_LIMITED with nothing written', async () => {
  const ip = freshIp();
  const tag = randomUUID();
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => signUp(ip, `flood-${i}-${tag}@example.test`)));
  const codes = results.map(codeOf);
  expect(codes.filter((c) => c === 'OK')).toHaveLength(20);
  expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(20);
  const { rows } = await app.services.pool.query("select count(*)::int as n from users where email like $1", [`flood-%-${tag}@example.test`]);
  expect(rows[0].n).toBe(20);
  // Another address is not affected.
  expect(codeOf(await signUp(freshIp(), `other-${tag}@example.test`))).toBe('OK');
});

it('EMAIL_TAKEN takes as long as a real sign-up, and probing is throttled with the rest', async () => {
  const ip = freshIp();
  const taken = `taken-${randomUUID()}@example.test`;
  expect(codeOf(await signUp(ip, taken))).toBe('OK');
  const fresh: number[] = [];
  const probes: number[] = [];
  for (let i = 0; i < 8; i++) {
    fresh.push((await signUp(ip, `new-${i}-${randomUUID()}@example.test`)).ms);
    const probe = await signUp(ip, taken);
    expect(codeOf(probe)).toBe('EMAIL_TAKEN');
    probes.push(probe.ms);
  }
  console.log(`items 5/17: sign-up median ${percentile(fresh, 50).toFixed(1)} ms, EMAIL_TAKEN median ${percentile(probes, 50).toFixed(1)} ms`);
  expect(percentile(probes, 50)).toBeGreaterThan(percentile(fresh, 50) * 0.6);
  const more = await Promise.all(Array.from({ length: 10 }, () => signUp(ip, taken)));
  expect(more.map(codeOf)).toContain('RATE_LIMITED');
});

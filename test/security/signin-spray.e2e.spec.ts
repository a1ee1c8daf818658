import { randomUUID } from 'node:crypto';
import { signUpCustomer } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { rawPost } from './attack-client';

/**
 * Attack (issue 12 item 6): the signIn limit counted the signed-in caller, not the email tried,
 * so 4 throwaway accounts made 80 guesses at one victim in 1.8 s; and spraying a victim's email
 * (anonymously) locked the owner out. Guesses are counted per email tried (from each address)
 * and per address, signed in or not; the owner signing in from an address that has not been
 * failing is not locked out by someone else's spray.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api', RATE_LIMIT_PER_USER: '5', RATE_LIMIT_WINDOW_MS: '60000', TRUST_PROXY_HOPS: '1' });
});
afterAll(() => app?.stop());

const SIGN_IN = 'mutation($input: SignInInput!) { signIn(input: $input) { token userErrors { code } } }';
const signIn = async (email: string, password: string, ip: string, token?: string) => {
  const res = await rawPost(app.url, JSON.stringify({ query: SIGN_IN, variables: { input: { email, password } } }), token, { 'x-forwarded-for': ip });
  const payload = res.body.data?.signIn as { token: string | null; userErrors: Array<{ code: string }> };
  return payload.token ? 'OK' : payload.userErrors[0].code;
};
const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

it('4 signed-in throwaway accounts get 5 guesses at a victim between them, not 5 each', async () => {
  const victim = await signUpCustomer(app, 'Victim');
  const attackers = await Promise.all(Array.from({ length: 4 }, () => signUpCustomer(app, 'Sprayer')));
  const from = ip();
  const answers = await Promise.all(attackers.flatMap((a) => Array.from({ length: 10 }, () => signIn(victim.email, `guess-${randomUUID()}`, from, a.token))));
  expect(answers.filter((a) => a !== 'RATE_LIMITED')).toHaveLength(5);
});

it("a spray at the victim's email from one address does not lock the owner out at another", async () => {
  const victim = await signUpCustomer(app, 'Owner');
  const attacker = ip();
  const spray = await Promise.all(Array.from({ length: 20 }, () => signIn(victim.email, `guess-${randomUUID()}`, attacker)));
  expect(spray).toContain('RATE_LIMITED');
  expect(await signIn(victim.email, 'correct horse battery', ip())).toBe('OK');
});

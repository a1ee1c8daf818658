import { SignJWT } from 'jose';
import { Tokens } from './tokens';
import { Role } from '../domain/user';

const SECRET = 'unit-test-secret-0123456789-abcdefghij';
const tokens = new Tokens(SECRET, 3600);
const key = new TextEncoder().encode(SECRET);
const user = { id: '0190f1c2-0000-7000-8000-000000000001', role: Role.CUSTOMER };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token exactly like the real ones, with one thing changed. */
function forge(change: { alg?: string; issuer?: string; audience?: string; exp?: number; role?: string; secret?: string } = {}) {
  const jwt = new SignJWT({ role: change.role ?? user.role })
    .setProtectedHeader({ alg: change.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(change.issuer ?? 'stampede')
    .setAudience(change.audience ?? 'stampede-api')
    .setIssuedAt()
    .setExpirationTime(change.exp ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(change.secret ? new TextEncoder().encode(change.secret) : key);
}

describe('Tokens', () => {
  it('verifies what it issues', async () => {
    const token = await tokens.issue(user);
    await expect(tokens.verify(token)).resolves.toEqual({ ...user, expiresAtMs: expect.any(Number) });
    await expect(tokens.fromHeader(`Bearer ${token}`)).resolves.toEqual({ ...user, expiresAtMs: expect.any(Number) });
  });

  it('a forged token with the right key and claims is accepted (the test forger is faithful)', async () => {
    await expect(tokens.verify(await forge())).resolves.toEqual({ ...user, expiresAtMs: expect.any(Number) });
  });

  it('refuses an expired token', async () => {
    await expect(tokens.verify(await forge({ exp: Math.floor(Date.now() / 1000) - 10 }))).resolves.toBeNull();
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await tokens.issue(user)).split('.');
    const promoted = b64({ role: 'ADMIN', sub: user.id, iss: 'stampede', aud: 'stampede-api', exp: Math.floor(Date.now() / 1000) + 600 });
    await expect(tokens.verify(`${header}.${promoted}.${signature}`)).resolves.toBeNull();
  });

  it('refuses alg: none', async () => {
    const payload = b64({ role: 'ADMIN', sub: user.id, iss: 'stampede', aud: 'stampede-api', exp: Math.floor(Date.now() / 1000) + 600 });
    await expect(tokens.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`)).resolves.toBeNull();
    await expect(tokens.verify(`${b64({ alg: 'none' })}.${payload}`)).resolves.toBeNull();
  });

  it('refuses another algorithm even with the right key (algorithm pinned)', async () => {
    await expect(tokens.verify(await forge({ alg: 'HS512' }))).resolves.toBeNull();
  });

  it('refuses a wrong issuer, a wrong audience or another secret', async () => {
    await expect(tokens.verify(await forge({ issuer: 'someone-else' }))).resolves.toBeNull();
    await expect(tokens.verify(await forge({ audience: 'another-api' }))).resolves.toBeNull();
    await expect(tokens.verify(await forge({ secret: 'another-secret-0123456789-abcdefghijkl' }))).resolves.toBeNull();
  });

  describe('remembered verifications', () => {
    afterEach(() => jest.useRealTimers());

    it('a token verified before is refused once its exp passes (the cache honours expiry)', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.now() });
      const cached = new Tokens(SECRET, 3600);
      const exp = Math.floor(Date.now() / 1000) + 5;
      const token = await forge({ exp });
      await expect(cached.verify(token)).resolves.toEqual({ ...user, expiresAtMs: expect.any(Number) });
      await expect(cached.verify(token)).resolves.toEqual({ ...user, expiresAtMs: expect.any(Number) }); // from the cache
      jest.setSystemTime(exp * 1000 - 1);
      await expect(cached.verify(token)).resolves.toEqual({ ...user, expiresAtMs: expect.any(Number) });
      jest.setSystemTime(exp * 1000);
      await expect(cached.verify(token)).resolves.toBeNull();
    });

    it('a cached genuine token does not make a tampered copy pass, and callers cannot alter the cached user', async () => {
      const cached = new Tokens(SECRET, 3600, 2);
      const token = await cached.issue(user);
      const first = await cached.verify(token);
      first!.role = 'ADMIN' as Role;
      await expect(cached.verify(token)).resolves.toEqual({ ...user, expiresAtMs: expect.any(Number) });
      const [header, , signature] = token.split('.');
      const promoted = b64({ role: 'ADMIN', sub: user.id, iss: 'stampede', aud: 'stampede-api', exp: Math.floor(Date.now() / 1000) + 600 });
      await expect(cached.verify(`${header}.${promoted}.${signature}`)).resolves.toBeNull();
      // Bounded: more tokens than its size still all verify.
      const others = await Promise.all([1, 2, 3].map((i) => cached.issue({ id: `0190f1c2-0000-7000-8000-00000000000${i}`, role: Role.CUSTOMER })));
      for (const other of others) expect(await cached.verify(other)).not.toBeNull();
      await expect(cached.verify(token)).resolves.toEqual({ ...user, expiresAtMs: expect.any(Number) });
    });
  });

  it('tells an absent header (anonymous) from a bad one (refused)', async () => {
    await expect(tokens.fromHeader(undefined)).resolves.toBeUndefined();
    await expect(tokens.fromHeader('')).resolves.toBeUndefined();
    await expect(tokens.fromHeader('Basic dXNlcjpwdw==')).resolves.toBeNull();
    await expect(tokens.fromHeader('Bearer not.a.jwt')).resolves.toBeNull();
    await expect(tokens.fromHeader(['Bearer x'])).resolves.toBeNull();
  });
});

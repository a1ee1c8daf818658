import { fakeIdentityDeps, fakeWorld, refusal, type FakeWorld } from '../../../../../test/support/fakes';
import { verifyPassword } from '../../domain/password';
import { Role } from '../../domain/user';
import { signUp } from './sign-up.handler';

const input = { email: '  Ada@Example.COM ', password: 'correct horse battery', name: ' Ada ' };

describe('signUp', () => {
  let w: FakeWorld;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
  });

  it('given a new email, when signing up, then a CUSTOMER account is stored with the email lower-cased, the name trimmed and only a scrypt hash of the password', async () => {
    // when
    const user = await signUp(fakeIdentityDeps(w), input);

    // then
    expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada', role: Role.CUSTOMER, version: 1, createdAt: w.clock.now() });
    expect(w.users.rows.get(user.id)).toEqual(user);
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain(input.password);
    await expect(verifyPassword(input.password, user.passwordHash)).resolves.toBe(true);
  });

  it('given the email is taken (in any case), then EMAIL_TAKEN on input.email and nothing is written', async () => {
    // given
    await signUp(fakeIdentityDeps(w), input);
    const before = w.state();

    // when
    const errors = await refusal(signUp(fakeIdentityDeps(w), { ...input, email: 'ADA@example.com', name: 'Impostor' }));

    // then
    expect(errors).toEqual([expect.objectContaining({ code: 'EMAIL_TAKEN', field: ['input', 'email'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given two sign-ups with one email at once, then exactly one account exists', async () => {
    const results = await Promise.allSettled([signUp(fakeIdentityDeps(w), input), signUp(fakeIdentityDeps(w), input)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(w.users.rows.size).toBe(1);
  });
});

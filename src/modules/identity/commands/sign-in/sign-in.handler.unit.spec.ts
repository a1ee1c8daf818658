import { newId } from '../../../../shared/ids';
import { fakeIdentityDeps, fakeWorld, refusal, type FakeWorld } from '../../../../../test/support/fakes';
import { hashPassword } from '../../domain/password';
import { Role, type User } from '../../domain/user';
import { signIn } from './sign-in.handler';

describe('signIn', () => {
  let w: FakeWorld;
  let ada: User;
  beforeAll(async () => {
    ada = {
      id: newId(), email: 'ada@example.com', name: 'Ada', role: Role.CUSTOMER, version: 1,
      passwordHash: await hashPassword('correct horse battery'), createdAt: new Date('2026-01-01T00:00:00.000Z'),
    };
  });
  beforeEach(() => {
    w = fakeWorld();
    w.users.seed(ada);
  });

  it('given the right password, when signing in with the email in another case and spaces around it, then the account is answered and nothing is written', async () => {
    const before = w.state();
    await expect(signIn(fakeIdentityDeps(w), { email: ' ADA@example.com ', password: 'correct horse battery' })).resolves.toEqual(ada);
    expect(w.state()).toEqual(before);
  });

  it('given a wrong password or an unknown email, then the same INVALID_CREDENTIALS (no field, same message): no account probing', async () => {
    const wrong = await refusal(signIn(fakeIdentityDeps(w), { email: 'ada@example.com', password: 'correct horse batterY' }));
    const unknown = await refusal(signIn(fakeIdentityDeps(w), { email: 'nobody@example.com', password: 'correct horse battery' }));
    expect(wrong).toEqual([{ code: 'INVALID_CREDENTIALS', message: expect.any(String) }]);
    expect(unknown).toEqual(wrong);
  });

  it('given an empty password, then INVALID_CREDENTIALS', async () => {
    expect(await refusal(signIn(fakeIdentityDeps(w), { email: 'ada@example.com', password: '' }))).toEqual([expect.objectContaining({ code: 'INVALID_CREDENTIALS' })]);
  });
});

import { fakeIdentityDeps, fakeWorld } from '../../../../../test/support/fakes';
import { validateInput } from '../../../../graphql/validate';
import { Role } from '../../domain/user';
import { signUp } from './sign-up.handler';
import { SignUpInput, SignUpRole } from './sign-up.input';

const base = { email: 'm@example.com', password: 'correct horse battery', name: 'Mina' };

describe('signUp with a role (delivery: merchants and riders sign themselves up)', () => {
  it.each([SignUpRole.MERCHANT, SignUpRole.RIDER, SignUpRole.CUSTOMER])('given role %s, then the account has that role', async (role) => {
    const w = fakeWorld();
    const user = await signUp(fakeIdentityDeps(w), { ...base, role });
    expect(w.users.rows.get(user.id)?.role).toBe(role);
  });

  it('given no role, then CUSTOMER', async () => {
    const w = fakeWorld();
    expect((await signUp(fakeIdentityDeps(w), base)).role).toBe(Role.CUSTOMER);
  });

  it('given ADMIN smuggled past GraphQL, then the input is refused naming input.role', async () => {
    const input = Object.assign(new SignUpInput(), { ...base, role: 'ADMIN' });
    expect(await validateInput(input)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'role'] })]);
  });
});

import { DUMMY_HASH, hashPassword, verifyPassword } from './password';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    await expect(verifyPassword('correct horse battery', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts: the same password hashes differently each time, and never contains the password', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('same password');
  });

  it('reads the parameters from the stored hash, so they can be raised later', async () => {
    const hash = await hashPassword('pw-1234567890');
    const [, , r, p, salt, key] = hash.split('$');
    // Same salt and key with a different N does not verify: N really is taken from the hash.
    await expect(verifyPassword('pw-1234567890', ['scrypt', '1024', r, p, salt, key].join('$'))).resolves.toBe(false);
  });

  it('refuses malformed hashes instead of throwing', async () => {
    await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
    await expect(verifyPassword('x', 'bcrypt$10$abc')).resolves.toBe(false);
    await expect(verifyPassword('anything', DUMMY_HASH)).resolves.toBe(false);
  });
});

import { randomBytes } from 'node:crypto';
import { spawnApp } from '../support/spawn-app';

/**
 * Attack (issue 12 item 14): the secrets published in the repository (the dev JWT_SECRET
 * default, docker-compose's, the admin password) passed the production check, which only
 * measured their length; anyone could mint admin tokens for such a deployment. Production now
 * refuses to start with any of them, in one line naming the variable.
 */
const own = () => randomBytes(32).toString('hex');

async function bootOutput(env: Record<string, string>): Promise<string> {
  try {
    const app = await spawnApp({ ROLES: 'api', NODE_ENV: 'production', LOG_LEVEL: 'error', ...env }, 15_000);
    await app.stop();
    return 'started';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('published secrets in production', () => {
  it.each([
    ['the dev default JWT_SECRET', { JWT_SECRET: 'dev-only-secret-change-me-0123456789', ADMIN_PASSWORD: own() }, 'JWT_SECRET'],
    ["docker-compose's JWT_SECRET", { JWT_SECRET: 'compose-dev-secret-change-me-0123456789', ADMIN_PASSWORD: own() }, 'JWT_SECRET'],
    ['the published admin password', { JWT_SECRET: own(), ADMIN_PASSWORD: 'admin-password' }, 'ADMIN_PASSWORD'],
  ])('%s stops the process at boot, naming the variable', async (_what, env, name) => {
    const out = await bootOutput(env);
    expect(out).toMatch(/exited early \(1\)/);
    expect(out).toMatch(new RegExp(`${name} is a value published in the stampede repository`));
  });

  it('secrets of its own start it', async () => {
    expect(await bootOutput({ JWT_SECRET: own(), ADMIN_PASSWORD: own() })).toBe('started');
  });
});

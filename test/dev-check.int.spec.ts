import { spawnSync } from 'node:child_process';

/** scripts/dev-check.ts as `npm run dev` runs it (from sources here): one line, naming the service and the variable. */
function devCheck(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ['-r', './test/support/swc-register.js', 'scripts/dev-check.ts'], {
    env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000,
  });
  return { status: run.status, lines: run.stderr.trim().split('\n').filter(Boolean) };
}

describe('npm run dev: the check before the seed', () => {
  it('an unreachable Postgres: one line naming Postgres and DATABASE_URL, no stack trace', () => {
    const result = devCheck({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/stampede' });
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([expect.stringMatching(/^npm run dev: cannot reach Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/stampede \(DATABASE_URL\): /)]);
  });

  it('a malformed URL: the one config line instead of a stack trace', () => {
    const result = devCheck({ DATABASE_URL: 'not a url' });
    expect(result.status).toBe(1);
    expect(result.lines).toEqual(['npm run dev: DATABASE_URL is not a valid URL: "not a url"']);
  });

  it('a reachable Postgres: silent, exit 0', () => {
    expect(devCheck({})).toEqual({ status: 0, lines: [] });
  });
});

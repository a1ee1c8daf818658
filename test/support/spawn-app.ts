import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { ADMIN } from './test-app';

export interface SpawnedApp {
  process: ChildProcess;
  port: number;
  url: string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no goodbye. */
  kill(): Promise<void>;
  output(): string;
}

const ROOT = path.join(__dirname, '../..');
let nextPort = 0;

/**
 * A free port for a spawned app, inside SPAWN_PORT_BASE … +799 (each helper or CI run owns a
 * block of 1,000 ports; the top 100 are for services a test starts itself, see own-services.ts).
 * The pid picks a slot of 10 so two runs with the same base rarely meet; a busy port is skipped.
 */
async function freeAppPort(): Promise<number> {
  const base = Number(process.env.SPAWN_PORT_BASE ?? 15_000);
  for (let tries = 0; tries < 800; tries++) {
    const port = base + (((process.pid % 80) * 10 + nextPort++) % 800);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${base}…${base + 799}`);
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Starts src/main.ts in its own Node process (real separate process), waits until it says every role runs. */
export async function spawnApp(env: Record<string, string> = {}, timeoutMs = 30_000): Promise<SpawnedApp> {
  const port = env.PORT ? Number(env.PORT) : await freeAppPort();
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'swc-register.js'), path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    // info: the 'stampede ready' / 'stampede running roles' line tells when a process without api is up.
    env: { SIGNUP_RATE_LIMIT_PER_IP: '100000000', ...process.env, NODE_ENV: 'test', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const roles = env.ROLES ?? 'api,relay,projector,worker';
  const quiet = !['info', 'debug', 'trace'].includes(env.LOG_LEVEL ?? 'info');
  const deadline = Date.now() + timeoutMs;
  // main.ts logs 'stampede ready' / 'stampede running roles' once every role runs (even when a
  // dependency such as Redis is down, so fault tests can start an app against a dead Redis).
  // With a quieter LOG_LEVEL, an api process is ready when /readyz answers 200.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app did not become ready in ${timeoutMs} ms:\n${out}`);
    }
    if (out.includes('stampede ready') || out.includes('stampede running roles')) break;
    if (quiet && roles.includes('api') && (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    output: () => out,
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
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

/** Starts src/main.ts in its own Node process (real separate process), waits until /readyz answers. */
export async function spawnApp(env: Record<string, string> = {}, timeoutMs = 30_000): Promise<SpawnedApp> {
  const base = Number(process.env.SPAWN_PORT_BASE ?? 15_000) + (process.pid % 500) * 4;
  const port = env.PORT ? Number(env.PORT) : base + (nextPort++ % 400);
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'swc-register.js'), path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const roles = env.ROLES ?? 'api,relay,projector,worker';
  const deadline = Date.now() + timeoutMs;
  while (roles.includes('api')) {
    if (child.exitCode !== null) throw new Error(`app exited early (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app did not become ready in ${timeoutMs} ms:\n${out}`);
    }
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!roles.includes('api')) await new Promise((r) => setTimeout(r, 3000)); // no readiness endpoint without api
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

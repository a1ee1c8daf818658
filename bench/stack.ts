import { randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { BenchConfig } from './config';

// Production mode refuses any secret published in the repository: the bench makes its own per run.
export const BENCH_ADMIN = { email: 'bench-admin@stampede.local', password: randomBytes(18).toString('base64url') };

export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
}

/** A fresh database, Redis db and stream, so every run starts from the same empty state. */
export async function resetServices(config: BenchConfig): Promise<void> {
  const url = new URL(config.databaseUrl);
  const database = url.pathname.slice(1);
  if (!/bench/.test(database)) throw new Error(`bench: refusing to drop "${database}" (its name must contain "bench")`);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${database}" with (force)`);
  await admin.query(`create database "${database}"`);
  await admin.end();

  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();

  const nc = await connect({ servers: config.natsUrl });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(config.natsStream).catch(() => undefined);
  await nc.close();
}

/** tsc output for --runtime=dist. Type errors elsewhere in the tree still emit; they are reported, not fatal. */
export function build(config: BenchConfig): void {
  if (config.runtime !== 'dist') return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(config.root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: config.root, encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.warn(`bench: tsc reported errors (emitted anyway):\n${(result.stdout + result.stderr).split('\n').slice(0, 10).join('\n')}`);
  }
  console.log(`bench: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function start(name: string, args: string[], env: Record<string, string>, cwd: string): Proc {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out += d;
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, child, output: () => out };
}

async function waitFor(url: string, proc: Proc, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`bench: ${proc.name} exited (${proc.child.exitCode}):\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`bench: ${proc.name} not ready after ${timeoutMs} ms:\n${proc.output()}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function appEntry(config: BenchConfig): string[] {
  // BENCH_PROFILE_DIR: the API process writes a V8 CPU profile there when it exits.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  return [...profile, ...appEntryArgs(config)];
}

function appEntryArgs(config: BenchConfig): string[] {
  return config.runtime === 'dist'
    ? [path.join(config.root, 'dist/src/main.js')]
    : ['-r', path.join(config.root, 'test/support/swc-register.js'), path.join(config.root, 'src/main.ts')];
}

/** Accepts the data-platform exports of paid orders (204), so the exporter neither retries nor parks. */
export async function startSink(port: number): Promise<Proc> {
  const code = `require('http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(204);s.end()})}).listen(${port},'127.0.0.1')`;
  const proc = start('data-platform sink', ['-e', code], {}, process.cwd());
  await new Promise((r) => setTimeout(r, 300));
  return proc;
}

/**
 * API process(es) with the api role only, and one process running relay, projector and worker,
 * as the design scales them. Production mode: no landing page, no introspection, warn-level logs.
 */
export async function startStampede(config: BenchConfig, sinkPort: number): Promise<{ procs: Proc[]; urls: string[] }> {
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    NATS_URL: config.natsUrl,
    NATS_STREAM: config.natsStream,
    JWT_SECRET: config.jwtSecret,
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    DATA_PLATFORM_URL: `http://127.0.0.1:${sinkPort}/events`,
    // Every bench request comes from 127.0.0.1: a per-IP limit would measure the limiter, not
    // the shop. Per-user limits stay at their defaults (each bench user sends a few per second).
    RATE_LIMIT_PER_IP: '10000000',
    SIGNUP_RATE_LIMIT_PER_IP: '10000000',
  };
  const procs: Proc[] = [];
  const urls: string[] = [];
  for (let i = 0; i < config.apiProcesses; i++) {
    const port = config.apiPort + i;
    const proc = start(`stampede api #${i + 1}`, appEntry(config), { ...env, ROLES: 'api', PORT: String(port) }, config.root);
    procs.push(proc);
    await waitFor(`http://127.0.0.1:${port}/readyz`, proc);
    urls.push(`http://127.0.0.1:${port}/graphql`);
  }
  const background = start('stampede relay+projector+worker', appEntry(config), { ...env, ROLES: 'relay,projector,worker', PORT: '0' }, config.root);
  procs.push(background);
  await new Promise((r) => setTimeout(r, 2_000));
  if (background.child.exitCode !== null) throw new Error(`bench: ${background.name} exited:\n${background.output()}`);
  return { procs, urls };
}

export async function startBaseline(config: BenchConfig, dataFile: string): Promise<{ proc: Proc; url: string }> {
  const proc = start('baseline', ['-r', path.join(config.root, 'test/support/swc-register.js'), path.join(config.root, 'bench/baseline-server.ts')], {
    PORT: String(config.baselinePort), BASELINE_DATA: dataFile, JWT_SECRET: config.jwtSecret,
  }, config.root);
  await waitFor(`http://127.0.0.1:${config.baselinePort}/healthz`, proc);
  return { proc, url: `http://127.0.0.1:${config.baselinePort}/graphql` };
}

export async function stopAll(procs: Proc[]): Promise<void> {
  await Promise.all(procs.map(async (p) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return;
    const exited = new Promise((r) => p.child.once('exit', r));
    p.child.kill('SIGTERM');
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }));
}

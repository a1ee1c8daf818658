import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portIsFree } from './spawn-app';

/**
 * Throwaway NATS and Redis servers a fault test may stop, pause and restart without touching the
 * machine's shared ones. They listen on loopback in the top 100 ports of this run's block
 * (SPAWN_PORT_BASE + 900 …); spawned apps use the lower 800 (see spawn-app.ts).
 */
export interface OwnService {
  port: number;
  url: string;
  running(): boolean;
  /** (Re)starts the server on the same port (and, for NATS, the same store directory). */
  start(): Promise<void>;
  /** SIGKILL: the server vanishes as in a crash. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server is there but answers nothing (a hung or very slow server). */
  pause(): void;
  resume(): void;
  /** Kills it and removes its files. */
  dispose(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

async function servicePort(): Promise<number> {
  const base = Number(process.env.SPAWN_PORT_BASE ?? 15_000) + 900;
  for (let i = 0; i < 100; i++) {
    const port = base + ((process.pid + i) % 100);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free service port in ${base}…${base + 99}`);
}

function ownService(
  name: string, port: number, url: string, command: string, args: string[], readyLine: RegExp, cleanup: () => void,
): OwnService {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const service: OwnService = {
    port,
    url,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async start() {
      if (service.running()) return;
      const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      live.add(proc);
      exited = new Promise((resolve) => proc.once('exit', () => {
        live.delete(proc);
        resolve();
      }));
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not start on ${port}:\n${out}`)), 10_000);
        const onData = (d: Buffer) => {
          out += d;
          if (readyLine.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        };
        proc.stdout!.on('data', onData);
        proc.stderr!.on('data', onData);
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) on start:\n${out}`));
        });
        proc.once('error', (err) => {
          clearTimeout(timer);
          reject(new Error(`cannot run ${command} (${err.message}): these tests need ${name} on this machine`));
        });
      });
    },
    async kill() {
      if (!child || !service.running()) return;
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited;
    },
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    async dispose() {
      await service.kill();
      cleanup();
    },
  };
  return service;
}

/** nats-server with JetStream, its store in a temp directory that survives kill/start. */
export async function startOwnNats(): Promise<OwnService> {
  const port = await servicePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stampede-nats-'));
  const service = ownService(
    'nats-server', port, `nats://127.0.0.1:${port}`, process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server',
    ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], /Server is ready/,
    () => rmSync(dir, { recursive: true, force: true }),
  );
  await service.start();
  return service;
}

/** redis-server without persistence (like the machine's: a restart comes back empty). */
export async function startOwnRedis(): Promise<OwnService> {
  const port = await servicePort();
  const service = ownService(
    'redis-server', port, `redis://127.0.0.1:${port}/0`, process.env.REDIS_SERVER_BIN ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], /Ready to accept connections/,
    () => undefined,
  );
  await service.start();
  return service;
}

export interface OwnPostgres {
  port: number;
  /** A database on it, created at start. */
  url: string;
  start(): Promise<void>;
  /** `pg_ctl stop -m immediate`: every backend dies at once, as in a crash; recovery replays WAL on start. */
  crash(): Promise<void>;
  dispose(): Promise<void>;
}

const PG_BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A throwaway PostgreSQL 15 cluster (initdb into a temp directory, fsync off) on this run's
 * service ports. initdb and postgres refuse to run as root, so as root they run as `postgres`.
 */
export async function startOwnPostgres(database = 'stampede_fault'): Promise<OwnPostgres> {
  const port = await servicePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stampede-pg-'));
  const asPostgres = (bin: string, args: string[]) =>
    process.getuid?.() === 0 ? run('/usr/sbin/runuser', ['-u', 'postgres', '--', `${PG_BIN}/${bin}`, ...args]) : run(`${PG_BIN}/${bin}`, args);
  if (process.getuid?.() === 0) await run('/bin/chown', ['postgres', dir]);
  await asPostgres('initdb', ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=150`;
  const pg: OwnPostgres = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => asPostgres('pg_ctl', ['-D', `${dir}/data`, '-o', options, '-l', `${dir}/log`, '-w', '-t', '20', 'start']).then(() => undefined),
    crash: () => asPostgres('pg_ctl', ['-D', `${dir}/data`, '-m', 'immediate', '-w', 'stop']).then(() => undefined),
    async dispose() {
      await pg.crash().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  await run(`${PG_BIN}/psql`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `create database ${database}`]);
  return pg;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('error', (err) => reject(new Error(`cannot run ${command} (${err.message}): set PG_BIN_DIR to a PostgreSQL 15 bin directory`)));
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

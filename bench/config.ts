import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Everything the bench owns, in one place: its database, Redis db, NATS stream and ports. */
export interface BenchConfig {
  /** Seconds per measured scenario. */
  duration: number;
  /** Seconds of unmeasured warm-up before each read scenario. */
  warmup: number;
  connections: number;
  databaseUrl: string;
  redisUrl: string;
  natsUrl: string;
  natsStream: string;
  jwtSecret: string;
  apiPort: number;
  apiProcesses: number;
  baselinePort: number;
  /** 'swc' runs the TypeScript sources through the swc require hook; 'dist' runs `npm run build` output. */
  runtime: 'swc' | 'dist';
  products: number;
  users: number;
  hotStock: number;
  couponLimit: number;
  couponUsers: number;
  /** Connections the coupon storm's users share. */
  couponConnections: number;
  lagRate: number;
  /** Scenario names to run (all when empty). */
  only: string[];
  root: string;
  resultsFile: string;
}

function arg(argv: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = argv.find((a) => a.startsWith(prefix));
  return hit?.slice(prefix.length);
}

function num(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`bench: expected a positive number, got "${value}"`);
  return n;
}

export function loadBenchConfig(argv = process.argv.slice(2), env = process.env): BenchConfig {
  const quick = argv.includes('--quick');
  const duration = num(arg(argv, 'duration') ?? env.BENCH_DURATION, quick ? 3 : 10);
  const root = path.join(__dirname, '..');
  const runtime = (arg(argv, 'runtime') ?? env.BENCH_RUNTIME ?? 'dist') as BenchConfig['runtime'];
  if (runtime !== 'swc' && runtime !== 'dist') throw new Error(`bench: --runtime must be swc or dist, got "${runtime}"`);
  return {
    duration,
    warmup: num(arg(argv, 'warmup') ?? env.BENCH_WARMUP, quick ? 1 : 3),
    connections: num(arg(argv, 'connections') ?? env.BENCH_CONNECTIONS, 50),
    databaseUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/stampede_bench',
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/8',
    natsUrl: env.BENCH_NATS_URL ?? env.NATS_URL ?? 'nats://127.0.0.1:4222',
    natsStream: env.BENCH_NATS_STREAM ?? 'STAMPEDE_BENCH',
    // Per run: production mode refuses a secret published in the repository.
    jwtSecret: randomBytes(32).toString('base64url'),
    apiPort: num(env.BENCH_PORT, 26800),
    apiProcesses: num(arg(argv, 'api-processes') ?? env.BENCH_API_PROCESSES, 1),
    baselinePort: num(env.BENCH_BASELINE_PORT, 26850),
    runtime,
    products: 1_000,
    users: quick ? 2_000 : 10_000,
    hotStock: num(arg(argv, 'hot-stock'), quick ? 500 : 2_000),
    couponLimit: 500,
    couponUsers: 1_000,
    couponConnections: num(arg(argv, 'coupon-connections') ?? env.BENCH_COUPON_CONNECTIONS, 200),
    lagRate: num(arg(argv, 'lag-rate') ?? env.BENCH_LAG_RATE, 1_000),
    only: (arg(argv, 'only') ?? env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    root,
    resultsFile: path.join(root, 'bench', 'results', 'latest.json'),
  };
}

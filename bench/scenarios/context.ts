import type { Pool } from 'pg';
import type { BenchConfig } from '../config';
import type { Features } from '../features';
import type { Seeded } from '../seed';
import { runLoad, type LoadResult, type LoadSpec } from '../load';
import { cpuMeter } from '../cpu';

export interface BenchContext {
  config: BenchConfig;
  features: Features;
  pool: Pool;
  seeded: Seeded;
  /** GraphQL URLs of the stampede API processes. */
  stampede: string[];
  /** Total KRW charged into wallets by the seed (0 without wallets). */
  charged: number;
  /** Coupon campaign created for the storm, when coupons exist. */
  campaignId?: string;
  /** Process ids for CPU accounting: the API process(es) and the relay/projector/worker process. */
  pids: { api: number[]; background?: number };
}

/** CPU ms per request of the API process(es) and of the background process, over a load run. */
export function meterStampede(ctx: BenchContext) {
  const meter = cpuMeter([...ctx.pids.api, ctx.pids.background]);
  return (requests: number): { apiMsPerReq: number; backgroundMsPerReq: number } => {
    const used = meter.stop();
    const api = used.slice(0, ctx.pids.api.length).reduce((a, b) => a + b, 0);
    const background = used.at(-1) ?? 0;
    return { apiMsPerReq: (api * 1000) / Math.max(1, requests), backgroundMsPerReq: (background * 1000) / Math.max(1, requests) };
  };
}

export const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

let keySeq = 0;
/** Unique idempotency keys: one per attempt, so every request is a new command. */
export const freshKey = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${(keySeq++).toString(36)}`;

/**
 * Runs one load spec against every URL at once (connections split between them) and merges:
 * requests and outcomes add up; p50 is request-weighted, p99 and max the worst of the parts
 * (an upper bound, exact with one API process).
 */
export async function runOnAll(urls: string[], spec: Omit<LoadSpec, 'url'>): Promise<LoadResult> {
  if (urls.length === 1) return runLoad({ ...spec, url: urls[0] });
  const per = Math.max(1, Math.floor(spec.connections / urls.length));
  let offset = 0;
  const parts = await Promise.all(urls.map((url) => {
    const base = offset;
    offset += per;
    return runLoad({
      ...spec, url, connections: per,
      amount: spec.amount ? Math.ceil(spec.amount / urls.length) : undefined,
      overallRate: spec.overallRate ? spec.overallRate / urls.length : undefined,
      connection: (i) => spec.connection(base + i),
      onOutcome: spec.onOutcome && ((i, outcome) => spec.onOutcome!(base + i, outcome)),
    });
  }));
  const requests = parts.reduce((n, p) => n + p.requests, 0);
  const seconds = Math.max(...parts.map((p) => p.seconds));
  const outcomes: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  return {
    seconds,
    requests,
    rps: requests / seconds,
    p50: parts.reduce((n, p) => n + p.p50 * p.requests, 0) / Math.max(1, requests),
    p90: Math.max(...parts.map((p) => p.p90)),
    p99: Math.max(...parts.map((p) => p.p99)),
    max: Math.max(...parts.map((p) => p.max)),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    outcomes,
    lastOkSeconds: Math.max(...parts.map((p) => p.lastOkSeconds)),
    errorSamples: [...new Set(parts.flatMap((p) => p.errorSamples))].slice(0, 5),
  };
}

export function outcomesNote(outcomes: Record<string, number>): string {
  return Object.entries(outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
}

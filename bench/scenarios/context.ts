import type { Pool } from 'pg';
import type { BenchConfig } from '../config';
import type { Features } from '../features';
import type { Seeded } from '../seed';
import { mergeResults, runLoad, type LoadResult, type LoadSpec } from '../load';
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

/** Runs one load spec against every URL at once (connections split between them), merged (exact with one API process). */
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
  return mergeResults(parts, true);
}

export function outcomesNote(outcomes: Record<string, number>): string {
  return Object.entries(outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
}

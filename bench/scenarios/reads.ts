import { classifyRead, mergeResults, type LoadResult } from '../load';
import type { Row } from '../report';
import type { Check } from '../invariants';
import { gql } from '../gql';
import { responseKey, type BaselineData } from '../baseline-server';
import { meterStampede, runOnAll, type BenchContext } from './context';
import { cpuMeter } from '../cpu';

/** A read query both servers answer; bodies are prebuilt so the load generator only picks one. */
export interface ReadScenario {
  name: string;
  needs: string[];
  note: string;
  bodies(ctx: BenchContext): Array<{ body: string; token?: string }>;
  /** Setup before the baseline starts (e.g. tickets to read), adding what the baseline must serve to `data`. */
  prepare?(ctx: BenchContext, data: BaselineData): Promise<void>;
}

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

const PRODUCT = `query Product($id: ID!) { product(id: $id) { id name description category price stock version createdAt updatedAt } }`;
const PRODUCTS = `query Products($first: Int, $category: String) { products(first: $first, category: $category) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name category price stock } } } }`;
export const POPULAR_ARGS = { days: 3, limit: 5 };
const POPULAR = `query Popular($days: Int, $limit: Int) { popularProducts(days: $days, limit: $limit) {
  from to totalOrders items { rank soldQuantity revenue previousRank product { id name price stock } } } }`;
const WALLET = `query Wallet { wallet { balance version transactions(first: 5) { totalCount edges { node { id type amount balanceAfter orderId createdAt } } } } }`;
/** Users whose wallets the wallet scenario reads (and the baseline holds). */
export const WALLET_SAMPLE = 1_000;

export const READS: ReadScenario[] = [
  {
    name: 'product', needs: ['product'], note: 'product(id) over 1,000 ids, Redis-cached read model',
    bodies: (ctx) => ctx.seeded.spread.map((p) => ({ body: body(PRODUCT, { id: p.id }) })),
  },
  {
    name: 'products', needs: ['products'], note: 'products(first: 20, category) over 20 categories',
    bodies: (ctx) => ctx.seeded.categories.map((category) => ({ body: body(PRODUCTS, { first: 20, category }) })),
  },
  {
    name: 'popularProducts', needs: ['popularProducts'], note: `popularProducts(days: ${POPULAR_ARGS.days}, limit: ${POPULAR_ARGS.limit}), cached`,
    bodies: () => [{ body: body(POPULAR, POPULAR_ARGS) }],
  },
  {
    name: 'wallet', needs: ['wallet'], note: `wallet + 5 transactions, ${WALLET_SAMPLE.toLocaleString('en')} users (JWT verified on both)`,
    bodies: (ctx) => ctx.seeded.users.slice(0, WALLET_SAMPLE).map((u) => ({ body: body(WALLET), token: u.token })),
  },
];

/**
 * What the baseline serves from memory: product_read as it is now, and stampede's own answers
 * to the popularProducts and wallet queries, captured once, so both give the same bytes.
 */
export async function captureBaselineData(ctx: BenchContext): Promise<BaselineData> {
  const { rows } = await ctx.pool.query(
    `select id, name, description, category, price, stock, version, created_at as "createdAt", updated_at as "updatedAt"
     from product_read where version > 0`,
  );
  const data: BaselineData = {
    products: rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString() })),
    responses: {},
    wallets: {},
  };
  const url = ctx.stampede[0];
  if (ctx.features.query('popularProducts')) {
    const answer = await gql(url, POPULAR, POPULAR_ARGS);
    data.responses[responseKey('popularProducts', POPULAR_ARGS)] = answer.popularProducts;
  }
  if (ctx.features.query('wallet')) {
    const users = ctx.seeded.users.slice(0, WALLET_SAMPLE);
    for (let i = 0; i < users.length; i += 50) {
      await Promise.all(users.slice(i, i + 50).map(async (u) => {
        data.wallets[u.id] = (await gql(url, WALLET, {}, u.token)).wallet;
      }));
    }
  }
  return data;
}

function load(urls: string[], ctx: BenchContext, bodies: Array<{ body: string; token?: string }>, duration: number, overallRate?: number): Promise<LoadResult> {
  return runOnAll(urls, {
    connections: ctx.config.connections,
    duration,
    overallRate,
    classify: classifyRead,
    connection: () => () => bodies[Math.floor(Math.random() * bodies.length)],
  });
}

/**
 * Both servers give the same `data` for a few of the scenario's requests (asked twice of
 * stampede, so a cached answer is compared too): a ratio is only worth something if the
 * answers are the same.
 */
async function sameAnswers(stampedeUrl: string, baselineUrl: string, bodies: Array<{ body: string; token?: string }>): Promise<Check> {
  const ask = async (url: string, b: { body: string; token?: string }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (b.token) headers.authorization = `Bearer ${b.token}`;
    const res = await fetch(url, { method: 'POST', headers, body: b.body });
    return JSON.stringify(((await res.json()) as { data?: unknown }).data ?? null);
  };
  const sample = [...new Set([0, Math.floor(bodies.length / 2), bodies.length - 1])].map((i) => bodies[i]);
  let differing = 0;
  let example = '';
  for (const b of sample) {
    const [first, again, base] = [await ask(stampedeUrl, b), await ask(stampedeUrl, b), await ask(baselineUrl, b)];
    if (first !== base || again !== base || base === 'null') {
      differing++;
      example ||= `stampede ${again.slice(0, 120)} vs baseline ${base.slice(0, 120)}`;
    }
  }
  return {
    name: 'stampede answers = baseline answers',
    ok: differing === 0,
    detail: differing === 0 ? `${sample.length} requests compared` : `${differing} of ${sample.length} differ, e.g. ${example}`,
  };
}

export const ROUNDS = 2;

/**
 * Warm-up (unmeasured) of both, then stampede and the baseline take turns, ROUNDS times each for
 * duration/ROUNDS seconds, same bodies, same connections: load from other work on the machine
 * then falls on both sides alike instead of on whichever ran at the wrong moment.
 */
export async function runRead(ctx: BenchContext, scenario: ReadScenario, baseline: { url: string; pid?: number } | undefined): Promise<Row> {
  const baselineUrl = baseline?.url;
  const reason = ctx.features.missing({ queries: scenario.needs });
  if (reason) return { scenario: scenario.name, rps: null, p50: null, p99: null, errors: null, ratio: null, note: scenario.note, skipped: reason };
  const bodies = scenario.bodies(ctx);
  const checks = baselineUrl ? [await sameAnswers(ctx.stampede[0], baselineUrl, bodies)] : [];
  const slice = ctx.config.duration / ROUNDS;
  await load(ctx.stampede, ctx, bodies, ctx.config.warmup);
  if (baselineUrl) await load([baselineUrl], ctx, bodies, ctx.config.warmup);
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  let ourCpu = 0;
  let theirCpu = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const meter = meterStampede(ctx);
    ours.push(await load(ctx.stampede, ctx, bodies, slice));
    ourCpu += meter(1).apiMsPerReq;
    if (baselineUrl) {
      const base = cpuMeter([baseline?.pid]);
      theirs.push(await load([baselineUrl], ctx, bodies, slice));
      theirCpu += base.stop()[0] * 1000;
    }
  }
  const s = mergeResults(ours, false);
  const b = baselineUrl ? mergeResults(theirs, false) : undefined;
  // Latency below saturation: at half the throughput just measured (a closed loop at full
  // speed measures its own queue: p99 ≈ connections ÷ req/s).
  const halfRate = Math.max(1, Math.round(s.rps / 2));
  const paced = await load(ctx.stampede, ctx, bodies, Math.min(5, slice), halfRate);
  return {
    scenario: scenario.name,
    rps: s.rps, p50: s.p50, p99: s.p99, errors: s.errors,
    ratio: b ? s.rps / b.rps : null,
    baseline: b && { rps: b.rps, p50: b.p50, p99: b.p99, errors: b.errors },
    checks,
    errorSamples: [...s.errorSamples, ...(b?.errorSamples ?? []).map((e) => `baseline: ${e}`)],
    cpu: { apiMsPerReq: ourCpu / Math.max(1, s.requests), baselineMsPerReq: b ? theirCpu / Math.max(1, b.requests) : undefined },
    note: `${scenario.note}; at ${halfRate.toLocaleString('en')} req/s (half): p50 ${paced.p50.toFixed(1)} / p99 ${paced.p99.toFixed(1)} ms; `
      + `baseline ${Math.round(b?.rps ?? 0).toLocaleString('en')} req/s, p99 ${b?.p99 ?? '—'} ms`,
    extra: { halfRate, halfRateP50: paced.p50, halfRateP99: paced.p99, halfRateRps: paced.rps },
  };
}

/**
 * `npm run bench`: brings up its own stampede (database stampede_bench, Redis db 8, stream
 * STAMPEDE_BENCH), seeds it, drives the write scenarios (invariants checked after each), then
 * the read scenarios against stampede and the bare graphql-js baseline, prints one table and
 * writes bench/results/latest.json. Exits non-zero when an invariant breaks.
 * Scenario names for --only: checkout, hot, coupon, lag, queue, admission, holds, product,
 * products, popularProducts, wallet, queue-read, delivery.
 * Flags: --quick (3 s scenarios), --duration=N, --only=product,checkout, --runtime=swc|dist,
 * --api-processes=N, --connections=N, --lag-rate=N.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { loadBenchConfig } from './config';
import { Features } from './features';
import { build, resetServices, startBaseline, startSink, startStampede, stopAll, type Proc } from './stack';
import { seed, seedWallets } from './seed';
import { tableExists } from './invariants';
import { checksList, machine, table, writeResults, type Row } from './report';
import type { BenchContext } from './scenarios/context';
import { checkoutHot, checkoutSpread } from './scenarios/checkout';
import { couponStorm } from './scenarios/coupons';
import { projectorLag } from './scenarios/projector-lag';
import { READS, captureBaselineData, runRead } from './scenarios/reads';
import { queueStorm } from './scenarios/queue';
import { admissionAccuracy } from './scenarios/admission';
import { holdsStorm } from './scenarios/holds';
import { QUEUE_READ } from './scenarios/queue-read';
import { deliveryMatchDay } from './scenarios/delivery';
import { startMockPaymentGateway, type MockPaymentGateway } from '../scripts/mock-payment-gateway';

const WRITES: Array<{ name: string; run: (ctx: BenchContext) => Promise<Row> }> = [
  { name: 'checkout', run: checkoutSpread },
  { name: 'hot', run: checkoutHot },
  { name: 'coupon', run: couponStorm },
  { name: 'lag', run: projectorLag },
  // Waiting room and tickets (issue 9). holds debits wallets for reservations, which the
  // checkout scenarios' money check (paid orders only) would not expect: it runs after them.
  { name: 'queue', run: queueStorm },
  { name: 'admission', run: admissionAccuracy },
  { name: 'holds', run: holdsStorm },
  // Delivery (issue 10): card orders through the gateway stand-in, answering in 20 ms.
  { name: 'delivery', run: deliveryMatchDay },
];

async function main(): Promise<number> {
  const config = loadBenchConfig();
  const wanted = (name: string) => config.only.length === 0 || config.only.some((o) => name.toLowerCase() === o.toLowerCase());
  const startedAt = new Date();
  const host = machine();
  console.log(`bench: ${host.cpus} cpus (${host.cpuModel}), ${host.memoryGb} GB, Node ${host.node}, load ${host.loadBefore.join(' ')}; `
    + `${config.duration} s per scenario, ${config.connections} connections, runtime ${config.runtime}, ${config.apiProcesses} API process(es)`);

  const procs: Proc[] = [];
  const rows: Row[] = [];
  let pool: Pool | undefined;
  let gateway: MockPaymentGateway | undefined;
  try {
    const features = new Features(config.root);
    await resetServices(config);
    build(config);
    const sinkPort = config.baselinePort + 10;
    procs.push(await startSink(sinkPort));
    // The card gateway for the delivery scenario, in this process, answering every call in 20 ms.
    gateway = await startMockPaymentGateway(config.baselinePort + 11);
    gateway.setMode('slow', { delayMs: 20 });
    process.env.PAYMENT_GATEWAY_URL = gateway.url;
    const stampede = await startStampede(config, sinkPort);
    procs.push(...stampede.procs);

    pool = new Pool({ connectionString: config.databaseUrl, max: 4 });
    const seedStarted = Date.now();
    const seeded = await seed(pool, config);
    const charged = (await tableExists(pool, 'wallets')) ? await seedWallets(pool, seeded.users) : 0;
    console.log(`bench: seeded ${seeded.spread.length + 1 + seeded.lag.length} products, ${seeded.users.length} users`
      + `${charged ? ' with wallets' : ''} in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
    const ctx: BenchContext = {
      config, features, pool, seeded, stampede: stampede.urls, charged,
      pids: { api: stampede.procs.slice(0, -1).map((p) => p.child.pid!), background: stampede.procs.at(-1)!.child.pid },
    };

    for (const write of WRITES.filter((w) => wanted(w.name))) {
      rows.push(await guarded(write.name, () => write.run(ctx)));
      report(rows.at(-1)!);
    }

    const reads = [...READS, QUEUE_READ].filter((r) => wanted(r.name));
    if (reads.length > 0) {
      const dataFile = path.join(config.root, 'bench', 'results', `baseline-data-${process.pid}.json`);
      fs.mkdirSync(path.dirname(dataFile), { recursive: true });
      const data = await captureBaselineData(ctx);
      for (const read of reads) await read.prepare?.(ctx, data);
      fs.writeFileSync(dataFile, JSON.stringify(data));
      const baseline = await startBaseline(config, dataFile);
      procs.push(baseline.proc);
      for (const read of reads) {
        rows.push(await guarded(read.name, () => runRead(ctx, read, { url: baseline.url, pid: baseline.proc.child.pid })));
        report(rows.at(-1)!);
      }
      fs.rmSync(dataFile, { force: true });
    }
  } finally {
    await pool?.end().catch(() => undefined);
    await stopAll(procs);
    await gateway?.stop();
    // What the processes said (warnings, errors), for the post-mortem: bench/results/*.log (git-ignored).
    for (const p of procs) {
      fs.writeFileSync(path.join(config.root, 'bench', 'results', `${p.name.replace(/[^a-z0-9]+/gi, '-')}.log`), p.output());
    }
  }

  host.loadAfter = os.loadavg().map((n) => Math.round(n * 100) / 100);
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  console.log(`\n${table(rows)}\n\nInvariants:\n${checksList(rows)}\n`);
  console.log(`load average before ${host.loadBefore.join(' ')}, after ${host.loadAfter.join(' ')}; ${seconds.toFixed(0)} s in all`);
  writeResults(config.resultsFile, {
    machine: host, startedAt: startedAt.toISOString(), seconds,
    config: { duration: config.duration, connections: config.connections, runtime: config.runtime, apiProcesses: config.apiProcesses, users: config.users, products: config.products, lagRate: config.lagRate },
    rows,
  });
  console.log(`wrote ${path.relative(process.cwd(), config.resultsFile)}`);
  const failed = rows.flatMap((r) => (r.checks ?? []).filter((c) => !c.ok).map((c) => `[${r.scenario}] ${c.name}: ${c.detail}`));
  if (failed.length > 0) {
    console.error(`\n!!! INVARIANT BROKEN !!!\n${failed.join('\n')}`);
    return 1;
  }
  return 0;
}

/** A scenario that throws becomes a failed row (and a failed run), not a lost table. */
async function guarded(name: string, run: () => Promise<Row>): Promise<Row> {
  try {
    return await run();
  } catch (err) {
    const message = (err as Error).stack ?? String(err);
    return {
      scenario: name, rps: null, p50: null, p99: null, errors: null, ratio: null, note: 'crashed',
      checks: [{ name: 'scenario ran', ok: false, detail: message.split('\n').slice(0, 3).join(' ') }],
    };
  }
}

function report(row: Row): void {
  const figures = row.skipped
    ? `skipped: ${row.skipped}`
    : `${Math.round(row.rps ?? 0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors}${row.ratio !== null ? `, ratio ${row.ratio.toFixed(2)}` : ''}`;
  console.log(`bench: ${row.scenario}: ${figures}`);
  for (const c of row.checks ?? []) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  for (const e of row.errorSamples ?? []) console.log(`  error sample: ${e}`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('bench failed:', err);
    process.exit(1);
  },
);

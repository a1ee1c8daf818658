import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Check } from './invariants';

/** One line of the table. Figures are null for a skipped scenario. */
export interface Row {
  scenario: string;
  /** Requests (attempts) per second over the scenario. */
  rps: number | null;
  p50: number | null;
  p99: number | null;
  errors: number | null;
  /** stampede req/s ÷ baseline req/s, read scenarios only. */
  ratio: number | null;
  /** Baseline figures for read scenarios. */
  baseline?: { rps: number; p50: number; p99: number; errors: number };
  note: string;
  /** CPU milliseconds per request: the API process(es), the background process, the baseline. */
  cpu?: { apiMsPerReq: number; backgroundMsPerReq?: number; baselineMsPerReq?: number };
  skipped?: string;
  /** What some of the errors were. */
  errorSamples?: string[];
  checks?: Check[];
  extra?: Record<string, unknown>;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  loadBefore: number[];
  loadAfter?: number[];
}

export function machine(): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadBefore: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The table as printed and as written into docs/performance.md. */
export function table(rows: Row[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'ratio', 'CPU ms/req', 'note'];
  const cpu = (r: Row) => {
    if (!r.cpu) return '—';
    const parts = [`api ${r.cpu.apiMsPerReq.toFixed(2)}`];
    if (r.cpu.backgroundMsPerReq !== undefined) parts.push(`bg ${r.cpu.backgroundMsPerReq.toFixed(2)}`);
    if (r.cpu.baselineMsPerReq !== undefined) parts.push(`base ${r.cpu.baselineMsPerReq.toFixed(2)}`);
    return parts.join(', ');
  };
  const lines = rows.map((r) => [
    r.scenario,
    fmt(r.rps),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    fmt(r.errors),
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    cpu(r),
    r.skipped ? `skipped: ${r.skipped}` : r.note,
  ]);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((h, i) => (i === 0 || i === header.length - 1 ? '---' : '---:')).join('|')}|`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');
}

export function checksList(rows: Row[]): string {
  const all = rows.flatMap((r) => (r.checks ?? []).map((c) => ({ ...c, scenario: r.scenario })));
  if (all.length === 0) return '(no invariants checked)';
  return all.map((c) => `- ${c.ok ? 'PASS' : 'FAIL'} [${c.scenario}] ${c.name}: ${c.detail}`).join('\n');
}

export function writeResults(file: string, data: { machine: Machine; config: Record<string, unknown>; rows: Row[]; startedAt: string; seconds: number }): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

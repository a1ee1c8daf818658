import type { Logger } from 'pino';
import type { Gate } from './domain/gate';
import { queueActive, queueAdmitted, queueWaiting } from './metrics';
import type { WaitingRoom } from './waiting-room';

export interface AdmitterOptions {
  /** How often each gate gets a pass (expire, drop silent waiters, admit). */
  tickMs: number;
  /** How often the gates and their settings are read from Postgres and pushed to Redis. */
  gatesEveryMs: number;
  /** How often journal entries their writers left behind are written to Postgres. */
  sweepEveryMs: number;
}

const DEFAULTS: AdmitterOptions = { tickMs: 100, gatesEveryMs: 1_000, sweepEveryMs: 1_000 };

/**
 * Worker role: admits per gate under the caps. Safe in any number of processes without a lock:
 * every pass is one Lua script, atomic in Redis, that re-reads the counts it decides on — two
 * admitters only ever split the admissions the caps allow between them. Each pass is short
 * (at most 1,000 moves), and the pacing lives in Redis (a token bucket), not in this timer.
 */
export class Admitter {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private gates: Gate[] = [];
  private gatesAt = 0;
  private sweptAt = 0;
  private warnedAt = 0;
  private readonly options: AdmitterOptions;

  constructor(private readonly room: WaitingRoom, private readonly log: Logger, options: Partial<AdmitterOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.pass().then(() => this.schedule(Math.max(0, this.options.tickMs - (Date.now() - started))));
    }, delayMs);
  }

  /** One pass over every gate. Errors are logged (at most every 5 s), never thrown. */
  async pass(): Promise<void> {
    try {
      if (Date.now() - this.gatesAt >= this.options.gatesEveryMs) {
        this.gatesAt = Date.now();
        this.gates = await this.room.deps.gates.all(this.room.deps.reads);
        await Promise.all(this.gates.map((g) => this.room.publishGate(g)));
      }
      const sweep = Date.now() - this.sweptAt >= this.options.sweepEveryMs;
      if (sweep) this.sweptAt = Date.now();
      await Promise.all(this.gates.map((gate) => this.passGate(gate, sweep).catch((err) => this.warn(err))));
    } catch (err) {
      this.warn(err);
    }
  }

  private async passGate(gate: Gate, sweep: boolean): Promise<void> {
    const result = await this.room.tick(gate.id);
    if (result) {
      queueWaiting.set({ gate: gate.id }, result.waiting);
      queueActive.set({ gate: gate.id }, result.active);
      if (result.admitted > 0) queueAdmitted.inc({ gate: gate.id }, result.admitted);
    }
    if (sweep) await this.room.deps.journal.sweep(gate.id);
  }

  private warn(err: unknown): void {
    if (Date.now() - this.warnedAt < 5_000) return;
    this.warnedAt = Date.now();
    this.log.warn({ err: (err as Error).message }, 'waiting room admitter pass failed, will retry');
  }
}

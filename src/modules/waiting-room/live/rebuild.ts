import { newId } from '../../../shared/ids';
import { gateUnavailable } from '../domain/waiting-room-errors';
import type { WaitingRoomDeps } from '../waiting-room';
import { ticketJsonOf } from './live-queue';

const REBUILD_LOCK_MS = 15_000;
const REBUILD_WAIT_MS = 5_000;
const REBUILD_CHUNK = 2_000;

/**
 * Rebuilds a gate's live queue from Postgres when Redis lacks it (first use, or Redis was
 * flushed): every WAITING ticket in its order (heartbeats restart from now), ACTIVE ones with
 * their expiry, the last minute's admissions (so the rolling cap holds across the rebuild; the
 * pacing bucket then starts empty), the entry sequence and the admission counter. One process
 * rebuilds (a Redis lock) and marks the gate loaded last; the others wait for it, then go on.
 * False: no such gate. Throws GATE_UNAVAILABLE when another rebuild does not finish in time.
 */
export async function rebuildGate(deps: WaitingRoomDeps, gateId: string, now: () => number): Promise<boolean> {
  const gate = await deps.gates.load(deps.reads, gateId);
  if (!gate) return false;
  const { live } = deps;
  const owner = newId();
  if (!(await live.lock(gateId, owner, REBUILD_LOCK_MS))) {
    for (const deadline = Date.now() + REBUILD_WAIT_MS; Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 50));
      if ((await live.stats(gateId, now())) !== null) return true;
    }
    throw gateUnavailable();
  }
  try {
    if ((await live.reset(gateId)) === 'READY') return true;
    const at = now();
    const { tickets, seq, admittedNo } = await deps.tickets.forRebuild(deps.reads, gateId, new Date(at - 60_000));
    for (let i = 0; i < tickets.length; i += REBUILD_CHUNK) {
      await live.load(gateId, at, tickets.slice(i, i + REBUILD_CHUNK).map((t) => ({ json: ticketJsonOf(t), orderKey: t.orderKey })));
    }
    const recent = tickets.some((t) => t.admittedAt !== null && t.admittedAt.getTime() > at - 60_000);
    await live.loadConfig(gate, seq, admittedNo, at, recent);
    if (tickets.length > 0) deps.log.info({ gateId, tickets: tickets.length, seq }, 'waiting room rebuilt from Postgres');
    return true;
  } finally {
    await live.unlock(gateId, owner).catch(() => undefined);
  }
}

import { spawn } from 'node:child_process';
import { newId } from '../../shared/ids';
import { updateGate } from './commands/update-gate/update-gate.handler';
import type { UpdateGateInput } from './commands/update-gate/update-gate.input';
import { Admitter } from './admitter.worker';
import { keysOf } from './live/queue-scripts';
import { TestClock, checkOurOutboxRows, makeGate, openRoom, pooled, prepareDatabase, users, type RoomHandle } from './testing/room-harness';
import type { QueueTicketView } from './waiting-room';

const pause = (room: RoomHandle['room'], id: string) => updateGate(room, { id, state: 'PAUSED' } as UpdateGateInput);
const open = (room: RoomHandle['room'], id: string) => updateGate(room, { id, state: 'OPEN' } as UpdateGateInput);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StormResult {
  entered: Array<[user: string, ticketId: string, seq: number, position: number]>;
  dup: string[];
  ms: number;
}

const live = new Set<ReturnType<typeof spawn>>();
afterAll(() => live.forEach((child) => child.kill('SIGKILL')));

/** One enter-storm child process (testing/enter-storm.ts): resolves when it is READY, then `go()` and await its result. */
function stormProcess(args: string[]): Promise<{ go: () => Promise<StormResult> }> {
  const child = spawn(process.execPath, ['-r', './test/support/swc-register.js', 'src/modules/waiting-room/testing/enter-storm.ts', ...args], {
    cwd: process.cwd(), env: process.env, stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<StormResult>((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as StormResult);
      else reject(new Error(`enter-storm exited ${code}: ${err.slice(-2000)}`));
    });
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.startsWith('READY\n')) resolve({ go: () => (child.stdin.end('GO\n'), done) });
    });
    done.catch(reject);
  });
}

/** Inversions of a sequence: pairs in the wrong order (0 = sorted). O(n log n) by merge sort. */
function inversions(values: number[]): number {
  if (values.length < 2) return 0;
  const mid = values.length >> 1;
  const left = values.slice(0, mid);
  const right = values.slice(mid);
  let count = inversions(left) + inversions(right);
  left.sort((x, y) => x - y);
  right.sort((x, y) => x - y);
  let j = 0;
  for (const x of left) {
    while (j < right.length && right[j] < x) j++;
    count += j;
  }
  return count;
}

function spearman(xs: number[], ys: number[]): number {
  const rank = (v: number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    order.forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const rx = rank(xs);
  const ry = rank(ys);
  const n = xs.length;
  const d2 = rx.reduce((sum, r, i) => sum + (r - ry[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

async function admissions(h: RoomHandle, gateId: string) {
  const { rows } = await h.pool.query<{ id: string; seq: number; no: number; admitted: number; ended: number | null; prequeued: boolean }>(
    `select id, seq::int, admitted_no::int as no, extract(epoch from admitted_at) * 1000 as admitted,
            extract(epoch from ended_at) * 1000 as ended, prequeued
       from waiting_room_tickets where gate_id = $1 and admitted_at is not null order by admitted_no`, [gateId]);
  return rows.map((r) => ({ ...r, admitted: Number(r.admitted), ended: r.ended === null ? null : Number(r.ended) }));
}

/** The concurrency claims, raced: many processes / connections against this run's Postgres and Redis. */
describe('waiting room under a stampede', () => {
  let a: RoomHandle;
  let b: RoomHandle;
  beforeAll(async () => {
    await prepareDatabase();
    [a, b] = await Promise.all([openRoom(), openRoom()]);
  });
  afterAll(async () => {
    const contract = await checkOurOutboxRows(a.pool);
    await Promise.all([a?.close(), b?.close()]);
    expect(contract.problems).toEqual([]);
  });

  it('10,000 distinct users entering through two processes get 10,000 distinct positions 1..10,000; 10 parallel enters of one user, one ticket', async () => {
    const gate = await makeGate(a.room, { maxActive: 100, admitPerMinute: 6_000 });
    const dupGate = await makeGate(a.room, { maxActive: 100, admitPerMinute: 6_000 });
    await pause(a.room, gate.id); // positions stay put while we look
    const dupUser = newId();
    const children = await Promise.all([0, 1].map(() => stormProcess([gate.id, '5000', '200', dupGate.id, dupUser])));
    const started = Date.now();
    const results = await Promise.all(children.map((c) => c.go()));
    const wall = Date.now() - started;
    const entered = results.flatMap((r) => r.entered);
    console.log(`10,000 enters through 2 processes: ${wall} ms wall (${results.map((r) => r.ms).join(' / ')} ms per process), ${Math.round(10_000 / (wall / 1000))} enters/s`);

    expect(entered).toHaveLength(10_000);
    expect(new Set(entered.map((e) => e[1])).size).toBe(10_000);
    const positions = entered.map((e) => e[3]).sort((x, y) => x - y);
    expect(positions[0]).toBe(1);
    expect(positions[9_999]).toBe(10_000);
    expect(new Set(positions).size).toBe(10_000);
    expect(entered.every(([, , seq, position]) => seq === position)).toBe(true); // answered position = entry order
    expect(new Set(results.flatMap((r) => r.dup)).size).toBe(1);

    // The queue as Redis holds it now, and as Postgres recorded it (each answered enter was durable first).
    const waiting = await a.redis.zrange(keysOf(gate.id)[4], '0', '-1');
    const bySeq = [...entered].sort((x, y) => x[2] - y[2]).map((e) => e[1]);
    expect(waiting).toEqual(bySeq);
    const { rows: [pg] } = await a.pool.query(
      `select count(*)::int as n, count(distinct seq)::int as seqs, min(seq)::int as lo, max(seq)::int as hi,
              (select count(*)::int from outbox where subject = 'QueueTicket.QueueEntered' and event->'data'->>'gateId' = $2) as events
         from waiting_room_tickets where gate_id = $1`, [gate.id, gate.id]);
    expect(pg).toEqual({ n: 10_000, seqs: 10_000, lo: 1, hi: 10_000, events: 10_000 });
    const sample = entered.filter((_, i) => i % 500 === 0);
    for (const [user, ticketId, seq] of sample) {
      const view = await b.room.ticket(a.room.deps.tokens.sign({ gateId: gate.id, ticketId, userId: user }), user);
      expect(view).toMatchObject({ status: 'WAITING', position: seq });
    }
  });

  it('two admitters, two entry paths and shoppers finishing at random: never more than maxActive ACTIVE, FIFO with zero inversions', async () => {
    const MAX = 10;
    const N = 600;
    const gate = await makeGate(a.room, { maxActive: MAX, admitPerMinute: 100_000 });
    const admitters = [a, b].map((h) => new Admitter(h.room, h.room.deps.log, { tickMs: 20, gatesEveryMs: 200, sweepEveryMs: 500 }));
    admitters.forEach((x) => x.start());
    const tokens = new Map<string, string>();
    let maxSeen = 0;
    let samples = 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        maxSeen = Math.max(maxSeen, await a.redis.zcard(keysOf(gate.id)[6]));
        samples++;
        await sleep(1);
      }
    })();
    const finisher = (async () => {
      while (running) {
        const active = await b.redis.zrange(keysOf(gate.id)[6], '0', '-1');
        await Promise.all(active.filter((id) => tokens.has(id) && Math.random() < 0.5).map(async (id) => {
          await sleep(Math.random() * 20);
          await (Math.random() < 0.5 ? a : b).room.complete(tokens.get(id)!);
        }));
        await sleep(5);
      }
    })();
    try {
      const people = users(N);
      await pooled(people, 60, async (user, i) => {
        const t: QueueTicketView = await (i % 2 ? a : b).room.enter(gate.id, user);
        tokens.set(t.ticket.id, t.token);
      });
      const deadline = Date.now() + 20_000;
      while ((await admissions(a, gate.id)).length < N && Date.now() < deadline) await sleep(50);
    } finally {
      running = false;
      await Promise.all([sampler, finisher, ...admitters.map((x) => x.stop())]);
    }
    const admitted = await admissions(a, gate.id);
    expect(admitted).toHaveLength(N);
    expect(admitted.map((r) => r.no)).toEqual(Array.from({ length: N }, (_, i) => admitted[0].no + i));
    expect(inversions(admitted.map((r) => r.seq))).toBe(0);
    // At no instant more than MAX: sweep the recorded intervals (an end before a start at the same ms).
    const points = admitted.flatMap((r) => [[r.admitted, 1], ...(r.ended === null ? [] : [[r.ended, -1]])]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    let now = 0;
    let peak = 0;
    for (const [, d] of points) peak = Math.max(peak, (now += d));
    console.log(`maxActive ${MAX}: peak ${peak} by the recorded intervals, ${maxSeen} in ${samples} samples of the active set; ${N} admitted in entry order`);
    expect(peak).toBeLessThanOrEqual(MAX);
    expect(maxSeen).toBeLessThanOrEqual(MAX);
    expect(peak).toBe(MAX); // the cap was actually reached
  });

  it('admitPerMinute with an injected clock: every rolling minute within 5 % of the cap and never over, paced through the minute', async () => {
    const PER_MINUTE = 600;
    const clock = new TestClock(Date.UTC(2026, 0, 1));
    const h = await openRoom({ clock });
    try {
      const gate = await makeGate(h.room, { maxActive: 1_000_000, admitPerMinute: PER_MINUTE, activeTtlSeconds: 86_400, heartbeatGraceSeconds: 3_600 });
      await pause(h.room, gate.id);
      await pooled(users(2_600), 100, (u) => h.room.enter(gate.id, u));
      const t0 = clock.ms;
      await open(h.room, gate.id);
      for (let i = 0; i < 1_200; i++) { // 240 s of virtual time, a pass every 200 ms
        clock.advance(200);
        await h.room.tick(gate.id);
      }
      const times = (await admissions(h, gate.id)).map((r) => r.admitted - t0);
      const inWindow = (from: number, length: number) => times.filter((t) => t >= from && t < from + length).length;
      const minutes: number[] = [];
      for (let s = 0; s + 60_000 <= 240_000; s += 250) minutes.push(inWindow(s, 60_000));
      const seconds: number[] = [];
      for (let s = 0; s + 1_000 <= 240_000; s += 100) seconds.push(inWindow(s, 1_000));
      console.log(`admitPerMinute ${PER_MINUTE}: ${times.length} admitted in 240 virtual s; rolling minutes ${Math.min(...minutes)}–${Math.max(...minutes)}; any second ${Math.min(...seconds)}–${Math.max(...seconds)}`);
      expect(Math.max(...minutes)).toBeLessThanOrEqual(PER_MINUTE);
      expect(Math.min(...minutes)).toBeGreaterThanOrEqual(PER_MINUTE * 0.95);
      expect(Math.max(...seconds)).toBeLessThanOrEqual(2 * (PER_MINUTE / 60)); // not one burst: at most two seconds' worth in any second
      expect(Math.min(...seconds)).toBeGreaterThanOrEqual(1); // and something every second
      const view = await h.room.gateView(gate.id);
      expect(view!.admittedLastMinute).toBeLessThanOrEqual(PER_MINUTE);
      expect(view!.estimatedWaitSeconds).toBeGreaterThan(0); // from the measured rate: (waiting + 1) / 10 per s
      expect(Math.abs(view!.estimatedWaitSeconds! - (view!.waiting + 1) / 10)).toBeLessThan(2);
    } finally {
      await h.close();
    }
  });

  it('30 % of waiters stop heartbeating: each is dropped within grace + 2 s, and the admission rate still holds', async () => {
    const PER_MINUTE = 120;
    const GRACE_S = 5;
    const clock = new TestClock(Date.UTC(2026, 0, 3));
    const h = await openRoom({ clock });
    try {
      const gate = await makeGate(h.room, { maxActive: 1_000_000, admitPerMinute: PER_MINUTE, activeTtlSeconds: 86_400, heartbeatGraceSeconds: GRACE_S });
      await pause(h.room, gate.id);
      const entered = await pooled(users(400), 50, async (u) => ({ user: u, view: await h.room.enter(gate.id, u) }));
      const silent = new Set(entered.filter((_, i) => i % 10 < 3).map((e) => e.view.ticket.id)); // every 10 in line: 3 go quiet
      const lastBeat = clock.ms; // the enter was each one's last heartbeat
      const t0 = clock.ms;
      await open(h.room, gate.id);
      for (let i = 0; i < 600; i++) { // 120 virtual s, a pass every 200 ms; the others read once a second
        clock.advance(200);
        if (i % 5 === 0) await pooled(entered.filter((e) => !silent.has(e.view.ticket.id)), 50, (e) => h.room.ticket(e.view.token, e.user));
        await h.room.tick(gate.id);
      }
      const { rows } = await h.pool.query<{ id: string; admitted: number | null; ended: number | null; reason: string | null }>(
        `select id, extract(epoch from admitted_at) * 1000 as admitted, extract(epoch from ended_at) * 1000 as ended, end_reason as reason
           from waiting_room_tickets where gate_id = $1`, [gate.id]);
      const dropped = rows.filter((r) => r.reason === 'HEARTBEAT');
      const quietNotAdmitted = rows.filter((r) => silent.has(r.id) && r.admitted === null);
      // Every quiet ticket not admitted before its grace ran out is dropped, within grace + 2 s of its last heartbeat.
      expect(dropped.map((r) => r.id).sort()).toEqual(quietNotAdmitted.map((r) => r.id).sort());
      const latest = Math.max(...dropped.map((r) => Number(r.ended) - lastBeat));
      expect(latest).toBeLessThanOrEqual((GRACE_S + 2) * 1000);
      expect(dropped.every((r) => silent.has(r.id))).toBe(true); // nobody who kept reading was dropped
      // The rate holds: each full minute admitted within 5 % of the setting, never over.
      const times = rows.filter((r) => r.admitted !== null).map((r) => Number(r.admitted) - t0);
      const minute = (from: number) => times.filter((t) => t >= from && t < from + 60_000).length;
      const minutes = [0, 30_000, 60_000].map(minute);
      console.log(`heartbeats: ${silent.size} of 400 went quiet, ${dropped.length} dropped (latest ${latest} ms after their last beat); minutes ${minutes.join(' / ')} of ${PER_MINUTE}`);
      for (const m of minutes) {
        expect(m).toBeLessThanOrEqual(PER_MINUTE);
        expect(m).toBeGreaterThanOrEqual(PER_MINUTE * 0.95);
      }
    } finally {
      await h.close();
    }
  });

  it('RANDOM_PREQUEUE: the prequeue entrants are shuffled at opensAt (|rank correlation| < 0.1), all before later ones, who follow FIFO', async () => {
    const clock = new TestClock(Date.UTC(2026, 0, 2));
    const [h1, h2] = await Promise.all([openRoom({ clock }), openRoom({ clock })]);
    try {
      const T0 = clock.ms;
      const gate = await makeGate(h1.room, {
        maxActive: 1_000_000, admitPerMinute: 1_000_000, fairness: 'RANDOM_PREQUEUE', heartbeatGraceSeconds: 600,
        prequeueOpensAt: new Date(T0 + 10_000), opensAt: new Date(T0 + 70_000),
      });
      await expect(h1.room.enter(gate.id, newId())).rejects.toMatchObject({ errors: [expect.objectContaining({ code: 'QUEUE_NOT_OPEN' })] });
      clock.ms = T0 + 15_000;
      const early = await pooled(users(1_000), 100, (u, i) => (i % 2 ? h1 : h2).room.enter(gate.id, u));
      expect(early.every((t) => t.status === 'WAITING' && t.position === null && t.estimatedWaitSeconds === null)).toBe(true);
      clock.ms = T0 + 70_000;
      const revealed = await h1.room.ticket(early[0].token, early[0].ticket.userId);
      expect(revealed!.position).toBeGreaterThanOrEqual(1);
      clock.ms = T0 + 71_000;
      const late = await pooled(users(300), 50, (u, i) => (i % 2 ? h1 : h2).room.enter(gate.id, u));
      for (let i = 0; i < 10; i++) {
        clock.advance(1_000);
        await h1.room.tick(gate.id);
      }
      const admitted = await admissions(h1, gate.id);
      expect(admitted).toHaveLength(1_300);
      const pre = admitted.slice(0, 1_000);
      expect(pre.every((r) => r.prequeued)).toBe(true);
      expect(new Set(pre.map((r) => r.id))).toEqual(new Set(early.map((t) => t.ticket.id)));
      const rho = spearman(pre.map((r) => r.seq), pre.map((r) => r.no));
      const later = admitted.slice(1_000);
      console.log(`RANDOM_PREQUEUE: rank correlation of entry order and admission order among 1,000 pre-queued: ${rho.toFixed(4)}; 300 later ones, inversions ${inversions(later.map((r) => r.seq))}`);
      expect(Math.abs(rho)).toBeLessThan(0.1);
      expect(later.every((r) => !r.prequeued)).toBe(true);
      expect(new Set(later.map((r) => r.id))).toEqual(new Set(late.map((t) => t.ticket.id)));
      expect(inversions(later.map((r) => r.seq))).toBe(0);
    } finally {
      await Promise.all([h1.close(), h2.close()]);
    }
  });
});

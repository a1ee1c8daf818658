import { classifyPayload, classifyRead, runLoad } from '../load';
import type { Row } from '../report';
import { gql } from '../gql';
import { freshKey, meterStampede, outcomesNote, runOnAll, type BenchContext } from './context';
import { checkSeatSale } from './holds-checks';
import { enterAll, gatedPerformance, skipTicketing, type EnteredTicket } from './ticketing-setup';

const USERS = 1_000;
const SEATS = 50;
const PRICE = 50_000;
const STORM_CONNECTIONS = 200;
const PAY_CONNECTIONS = 50;

const HOLD = `mutation Hold($input: HoldSeatsInput!) { holdSeats(input: $input) {
  reservation { id status total seats { number } } userErrors { code message field } } }`;
const PAY = `mutation Pay($input: PayReservationInput!) { payReservation(input: $input) {
  reservation { id status } payment { id amount } userErrors { code message field } } }`;

/**
 * holdSeats storm: 1,000 users over one performance of 50 seats behind a gate, then payment.
 * The gate is the real path (maxActive 1,000 = users, admitPerMinute 1,000,000, so everyone is
 * admitted on entering): each hold carries the user's ACTIVE queue token. Each of 200
 * connections speaks for 5 users in turn; a user asks for 1 or 2 distinct random seats of
 * 1..50 (blind, as from a stale seat map) until they hold some. The storm runs until all 50
 * seats are held and every user has been answered at least once (at most 30 s). Then every
 * holder pays (50 connections), and Postgres is checked (holds-checks.ts).
 * holds/s = hold attempts answered per second (a hold or SEAT_UNAVAILABLE), latency over every
 * attempt: successful holds are bounded by the 50 seats, so their rate says only how long the
 * blind search for the last free seats took (reported as the time of the last hold).
 */
export async function holdsStorm(ctx: BenchContext): Promise<Row> {
  const scenario = `holdSeats storm (${USERS.toLocaleString('en')} users, ${SEATS} seats, ${STORM_CONNECTIONS} conns)`;
  const note = 'target: exactly 50 sold after payment, invariants hold';
  const skipped = skipTicketing(ctx, scenario, note, { mutations: ['holdSeats', 'payReservation'], queries: ['queueTicket'] })
    ?? (ctx.charged === 0 ? { scenario, rps: null, p50: null, p99: null, errors: null, ratio: null, note, skipped: 'no wallet balances seeded' } : undefined);
  if (skipped) return skipped;
  const users = ctx.seeded.users.slice(-USERS);
  const { performanceId, gateId } = await gatedPerformance(ctx, 'Bench hold storm', SEATS, PRICE, { maxActive: USERS, admitPerMinute: 1_000_000 }, false);
  const tickets = await allActive(ctx, await enterAll(ctx, gateId, users));
  const gatedAfterMs = await waitUntilGated(ctx, performanceId, users[0].token);

  const holders = new Set<string>();
  const answered = new Set<string>();
  const inFlight: EnteredTicket[] = [];
  let seatsHeld = 0;
  const classifyHold = classifyPayload('holdSeats');
  const meter = meterStampede(ctx);
  const started = Date.now();
  const r = await runOnAll(ctx.stampede, {
    connections: STORM_CONNECTIONS, duration: 30,
    classify: (body) => {
      const outcome = classifyHold(body);
      if (outcome === 'ok') seatsHeld += JSON.parse(body).data.holdSeats.reservation.seats.length;
      return outcome;
    },
    onOutcome: (i, outcome) => {
      if (outcome === 'error') return;
      answered.add(inFlight[i].user.id);
      if (outcome === 'ok') holders.add(inFlight[i].user.id);
    },
    stopWhen: () => seatsHeld >= SEATS && answered.size >= users.length,
    connection: (i) => {
      const mine = tickets.filter((_, u) => u % STORM_CONNECTIONS === i);
      let turn = 0;
      return () => {
        let t = mine[turn++ % mine.length];
        for (let k = 0; k < mine.length && holders.has(t.user.id); k++) t = mine[turn++ % mine.length];
        inFlight[i] = t;
        const seatNumbers = randomSeats(Math.random() < 0.5 ? 1 : 2);
        return { token: t.user.token, body: JSON.stringify({ query: HOLD, variables: { input: { performanceId, seatNumbers, queueToken: t.token, idempotencyKey: freshKey('hold') } } }) };
      };
    },
  });
  const cpu = meter(r.requests);
  const stormSeconds = (Date.now() - started) / 1000;

  const pay = await payAll(ctx, performanceId);
  const checks = await checkSeatSale(ctx.pool, performanceId, SEATS);
  return {
    scenario, rps: r.rps, p50: r.p50, p99: r.p99, errors: r.errors, ratio: null,
    note: `${Math.round(r.rps)} hold attempts/s answered (${outcomesNote(r.outcomes)}) over ${stormSeconds.toFixed(1)} s; ${seatsHeld} seats in ${r.outcomes.ok ?? 0} holds, the last at ${r.lastOkSeconds.toFixed(2)} s; `
      + `payment ${Math.round(pay.rps)}/s, p50 ${pay.p50} / p99 ${pay.p99} ms (${outcomesNote(pay.outcomes)}); gated (holds refused without a token ${gatedAfterMs} ms after createGate's answer); ${note}`,
    cpu, errorSamples: [...r.errorSamples, ...pay.errorSamples.map((e) => `pay: ${e}`)],
    extra: { attemptsPerSecond: r.rps, lastHoldSeconds: r.lastOkSeconds, outcomes: r.outcomes, payment: { rps: pay.rps, p50: pay.p50, p99: pay.p99, outcomes: pay.outcomes }, gatedAfterMs, performanceId, gateId },
    checks,
  };
}

function randomSeats(count: number): number[] {
  const picked = new Set<number>();
  while (picked.size < count) picked.add(1 + Math.floor(Math.random() * SEATS));
  return [...picked];
}

/** Entering a quiet gate under its caps admits at once; anyone still WAITING is re-read until ACTIVE (≤ 15 s). */
async function allActive(ctx: BenchContext, tickets: EnteredTicket[]): Promise<EnteredTicket[]> {
  const deadline = Date.now() + 15_000;
  for (let waiting = tickets.filter((t) => t.status !== 'ACTIVE'); waiting.length > 0; ) {
    if (Date.now() > deadline) throw new Error(`bench: ${waiting.length} queue tickets not ACTIVE after 15 s`);
    await new Promise((r) => setTimeout(r, 200));
    for (const t of waiting) {
      t.status = (await gql(ctx.stampede[0], 'query Q($token: String!) { queueTicket(token: $token) { status } }', { token: t.token }, t.user.token)).queueTicket?.status;
    }
    waiting = waiting.filter((t) => t.status !== 'ACTIVE');
  }
  return tickets;
}

/**
 * The API process learns which performance has a gate from a cached list (refreshed every 5 s):
 * until it has the new gate, holds would pass ungated. Probed with a seat number past the end,
 * which a gated hold refuses for the missing token before looking at the seats (so the probe
 * never holds anything).
 */
async function waitUntilGated(ctx: BenchContext, performanceId: string, userToken: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const data = await gql(ctx.stampede[0], HOLD, { input: { performanceId, seatNumbers: [SEATS + 1], idempotencyKey: freshKey('probe') } }, userToken);
    const code = data.holdSeats.userErrors[0]?.code;
    if (code === 'QUEUE_TOKEN_REQUIRED') return Date.now() - started;
    if (Date.now() - started > 15_000) throw new Error(`bench: holds on the gated performance still answer ${code ?? 'ok'} without a queue token after 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every HELD reservation of the performance paid by its holder, 50 at a time. */
async function payAll(ctx: BenchContext, performanceId: string) {
  const { rows } = await ctx.pool.query<{ id: string; user_id: string }>(`select id, user_id from reservations where performance_id = $1 and status = 'HELD'`, [performanceId]);
  const tokenOf = new Map(ctx.seeded.users.map((u) => [u.id, u.token]));
  let next = 0;
  return runLoad({
    url: ctx.stampede[0], // one process: runOnAll rounds `amount` up per process, which would pay some twice
    connections: Math.max(1, Math.min(PAY_CONNECTIONS, rows.length)), duration: 60, amount: Math.max(1, rows.length),
    classify: rows.length ? classifyPayload('payReservation') : classifyRead,
    connection: () => () => {
      const res = rows[next++ % Math.max(1, rows.length)];
      if (!res) return { body: JSON.stringify({ query: '{ __typename }' }) }; // nothing held: one harmless request
      return { token: tokenOf.get(res.user_id), body: JSON.stringify({ query: PAY, variables: { input: { reservationId: res.id, idempotencyKey: freshKey('pay') } } }) };
    },
  });
}

import type { Check } from '../invariants';
import type { Row } from '../report';
import { gql } from '../gql';
import { meterStampede, outcomesNote, runOnAll, type BenchContext } from './context';
import { ENTER_QUEUE, gatedPerformance, skipTicketing } from './ticketing-setup';

/** As in the coupon storm: a storm's users come through a pool of kept-alive sockets (1,000s of fresh sockets stall the accept queue). */
const STORM_CONNECTIONS = 200;

/**
 * enterQueue storm: every seeded user (10,000; 2,000 with --quick) enters one gate once, on
 * 200 connections, as fast as they are answered. The gate is PAUSED so that nobody is
 * admitted and every answer carries a position: then the positions handed out must be exactly
 * 1..N, one ticket per user, and Postgres (the journal the queue is rebuilt from) must hold
 * the same N tickets with entry sequence 1..N. Tickets/s = N ÷ the storm's wall time.
 */
export async function queueStorm(ctx: BenchContext): Promise<Row> {
  const users = ctx.seeded.users;
  const scenario = `enterQueue storm (${users.length.toLocaleString('en')} users, ${STORM_CONNECTIONS} conns)`;
  const note = 'target: N tickets, positions 1..N';
  const skipped = skipTicketing(ctx, scenario, note);
  if (skipped) return skipped;
  const { gateId } = await gatedPerformance(ctx, 'Bench enter storm', 50, 50_000, { maxActive: 100, admitPerMinute: 6_000, heartbeatGraceSeconds: 3_600 }, true);
  const body = JSON.stringify({ query: ENTER_QUEUE, variables: { gateId } });

  let u = 0;
  const positions: number[] = [];
  const tokens = new Set<string>();
  const meter = meterStampede(ctx);
  const r = await runOnAll(ctx.stampede, {
    connections: STORM_CONNECTIONS,
    duration: 120,
    amount: users.length, // one request per user, each user once
    classify: (text) => {
      try {
        const json = JSON.parse(text);
        if (json.errors?.length || !json.data?.enterQueue) return 'error';
        const { ticket, userErrors } = json.data.enterQueue;
        if (userErrors?.length) return userErrors[0].code;
        positions.push(ticket.position);
        tokens.add(ticket.token);
        return ticket.status === 'WAITING' ? 'ok' : `status ${ticket.status}`;
      } catch {
        return 'error';
      }
    },
    connection: () => () => ({ token: users[u++ % users.length].token, body }),
  });
  const cpu = meter(r.requests);
  const checks = [checkPositions(positions, tokens.size, users.length), await checkJournal(ctx, gateId, users.length), await checkOneTicket(ctx, gateId)];
  const ticketsPerSecond = (r.outcomes.ok ?? 0) / r.seconds;
  return {
    scenario, rps: r.rps, p50: r.p50, p99: r.p99, errors: r.errors, ratio: null,
    note: `${Math.round(ticketsPerSecond).toLocaleString('en')} tickets/s (${outcomesNote(r.outcomes)}) in ${r.seconds.toFixed(1)} s; ${note}`,
    cpu, errorSamples: r.errorSamples, extra: { ticketsPerSecond, gateId, outcomes: r.outcomes }, checks,
  };
}

function checkPositions(positions: number[], distinctTokens: number, n: number): Check {
  const sorted = [...positions].sort((a, b) => a - b);
  const exact = sorted.length === n && sorted.every((p, i) => p === i + 1);
  return {
    name: 'positions answered = 1..N, one token per user',
    ok: exact && distinctTokens === n,
    detail: `${sorted.length} answers of ${n}, positions ${sorted[0]}..${sorted.at(-1)}, ${new Set(sorted).size} distinct, ${distinctTokens} distinct tokens`,
  };
}

/** What Postgres holds once the journal has been written: N tickets, N users, entry sequence 1..N. */
async function checkJournal(ctx: BenchContext, gateId: string, n: number): Promise<Check> {
  const { rows: [t] } = await ctx.pool.query(
    `select count(*)::int as tickets, count(distinct user_id)::int as users, count(distinct seq)::int as seqs,
            min(seq)::int as lo, max(seq)::int as hi, count(*) filter (where status <> 'WAITING')::int as not_waiting
     from waiting_room_tickets where gate_id = $1`, [gateId]);
  return {
    name: 'Postgres: tickets = users, seq 1..N, all WAITING',
    ok: t.tickets === n && t.users === n && t.seqs === n && t.lo === 1 && t.hi === n && t.not_waiting === 0,
    detail: `${t.tickets} tickets, ${t.users} users, seq ${t.lo}..${t.hi} (${t.seqs} distinct), ${t.not_waiting} not WAITING`,
  };
}

/** One user already in the line entering 5 times at once gets the ticket they have. */
async function checkOneTicket(ctx: BenchContext, gateId: string): Promise<Check> {
  const user = ctx.seeded.users[0];
  const answers = await Promise.all(Array.from({ length: 5 }, () => gql(ctx.stampede[0], ENTER_QUEUE, { gateId }, user.token)));
  const tokens = new Set(answers.map((a) => a.enterQueue.ticket?.token));
  const { rows: [c] } = await ctx.pool.query('select count(*)::int as n from waiting_room_tickets where gate_id = $1 and user_id = $2', [gateId, user.id]);
  return { name: '5 parallel enters of one user: one ticket', ok: tokens.size === 1 && c.n === 1, detail: `${tokens.size} distinct tokens, ${c.n} ticket row(s)` };
}

import { gql } from '../gql';
import type { BaselineData } from '../baseline-server';
import type { ReadScenario } from './reads';
import type { BenchContext } from './context';
import { TICKETING_MUTATIONS, enterAll, gatedPerformance, type EnteredTicket } from './ticketing-setup';

/** Users standing in the line whose tickets are read. */
const READERS = 1_000;

const QUEUE_TICKET = `query QueueTicket($token: String!) { queueTicket(token: $token) {
  token gateId status position estimatedWaitSeconds admittedAt expiresAt } }`;

let entered: EnteredTicket[] = [];

/**
 * queueTicket reads (the position poll every waiting shopper makes; each read is also a
 * heartbeat, a Redis write) against the bare graphql-js baseline, through runRead: same
 * bodies, alternating rounds, then stampede at half its throughput. The 1,000 readers wait in
 * a PAUSED gate, so positions and ETAs (null: no admission rate while paused) hold still and
 * both servers can give the same bytes. The baseline verifies the user's JWT and the queue
 * token's HMAC as stampede does, then answers from the captured tickets; stampede also reads
 * the ticket and its rank in Redis. Target (issue 9): p99 ≤ 50 ms under load.
 */
export const QUEUE_READ: ReadScenario = {
  name: 'queue-read',
  needs: ['queueTicket'],
  note: `queueTicket(token) of ${READERS.toLocaleString('en')} users waiting in a paused gate (JWT + queue token verified on both); target p99 ≤ 50 ms`,
  bodies: () => entered.map((t) => ({ body: JSON.stringify({ query: QUEUE_TICKET, variables: { token: t.token } }), token: t.user.token })),
  async prepare(ctx: BenchContext, data: BaselineData) {
    if (ctx.features.missing({ mutations: TICKETING_MUTATIONS })) return; // runRead skips it for the missing query
    const { gateId } = await gatedPerformance(ctx, 'Bench queue reads', 50, 50_000, { maxActive: 100, admitPerMinute: 6_000, heartbeatGraceSeconds: 3_600 }, true);
    entered = await enterAll(ctx, gateId, ctx.seeded.users.slice(0, READERS));
    data.queueTickets = {};
    for (const t of entered) data.queueTickets[t.token] = (await gql(ctx.stampede[0], QUEUE_TICKET, { token: t.token }, t.user.token)).queueTicket;
  },
};

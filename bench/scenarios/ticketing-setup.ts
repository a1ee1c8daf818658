import { expectNoUserErrors, gql } from '../gql';
import type { Row } from '../report';
import type { SeededUser } from '../seed';
import type { BenchContext } from './context';

/**
 * Setup shared by the waiting-room and ticketing scenarios (queue, queue-read, admission,
 * holds): each makes its own event, performance and gate through the admin API, so any of them
 * runs alone with --only. A gate needs a performance (exactly one of performance / product).
 */

export const TICKETING_MUTATIONS = ['createEvent', 'createPerformance', 'createGate', 'updateGate', 'enterQueue'];

/** A row saying why the scenario cannot run on this schema, or undefined. */
export function skipTicketing(ctx: BenchContext, scenario: string, note: string, extra: { queries?: string[]; mutations?: string[] } = {}): Row | undefined {
  const reason = ctx.features.missing({ mutations: [...TICKETING_MUTATIONS, ...(extra.mutations ?? [])], queries: extra.queries });
  return reason ? { scenario, rps: null, p50: null, p99: null, errors: null, ratio: null, note, skipped: reason } : undefined;
}

export interface GateSettings {
  maxActive: number;
  admitPerMinute: number;
  activeTtlSeconds?: number;
  heartbeatGraceSeconds?: number;
}

/**
 * An event with one performance of `seats` seats at `price` (sales open, starting in a week)
 * behind a new gate. `paused`: the gate is PAUSED right after creation (nobody is in it yet,
 * so nobody can have been admitted), for scenarios that need a standing queue.
 */
export async function gatedPerformance(ctx: BenchContext, name: string, seats: number, price: number, gate: GateSettings, paused: boolean): Promise<{ performanceId: string; gateId: string }> {
  const url = ctx.stampede[0];
  const admin = ctx.seeded.admin.token;
  const ev = await gql(url, `mutation E($input: CreateEventInput!) { createEvent(input: $input) { event { id } userErrors { code message field } } }`,
    { input: { name, venue: 'Bench hall', category: 'concert' } }, admin);
  expectNoUserErrors(ev.createEvent, 'createEvent');
  const now = Date.now();
  const perf = await gql(url, `mutation P($input: CreatePerformanceInput!) { createPerformance(input: $input) { performance { id } userErrors { code message field } } }`, {
    input: {
      eventId: ev.createEvent.event.id, startsAt: new Date(now + 7 * 86_400_000).toISOString(), salesOpenAt: new Date(now - 60_000).toISOString(),
      grades: [{ name: 'R', price, seats }], maxSeatsPerUser: 4, holdSeconds: 300,
    },
  }, admin);
  expectNoUserErrors(perf.createPerformance, 'createPerformance');
  const performanceId = perf.createPerformance.performance.id;
  const g = await gql(url, `mutation G($input: CreateGateInput!) { createGate(input: $input) { gate { id } userErrors { code message field } } }`,
    { input: { performanceId, ...gate } }, admin);
  expectNoUserErrors(g.createGate, 'createGate');
  const gateId = g.createGate.gate.id;
  if (paused) await setGateState(ctx, gateId, 'PAUSED');
  return { performanceId, gateId };
}

/** updateGate writes Redis at once (and runs an admission pass), so the state holds from its answer on. */
export async function setGateState(ctx: BenchContext, gateId: string, state: 'OPEN' | 'PAUSED'): Promise<void> {
  const r = await gql(ctx.stampede[0], `mutation U($input: UpdateGateInput!) { updateGate(input: $input) { gate { id state } userErrors { code message field } } }`,
    { input: { id: gateId, state } }, ctx.seeded.admin.token);
  expectNoUserErrors(r.updateGate, 'updateGate');
}

export interface EnteredTicket {
  user: SeededUser;
  token: string;
  status: string;
  position: number | null;
}

export const ENTER_QUEUE = `mutation Enter($gateId: ID!) { enterQueue(input: { gateId: $gateId }) {
  ticket { token gateId status position estimatedWaitSeconds admittedAt expiresAt } userErrors { code message field } } }`;

/** Setup, not measured: every user enters the gate, `concurrency` requests in flight. Throws on any refusal. */
export async function enterAll(ctx: BenchContext, gateId: string, users: SeededUser[], concurrency = 50): Promise<EnteredTicket[]> {
  const tickets = new Array<EnteredTicket>(users.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < users.length; i = next++) {
      const data = await gql(ctx.stampede[i % ctx.stampede.length], ENTER_QUEUE, { gateId }, users[i].token);
      expectNoUserErrors(data.enterQueue, 'enterQueue');
      const t = data.enterQueue.ticket;
      tickets[i] = { user: users[i], token: t.token, status: t.status, position: t.position };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  return tickets;
}

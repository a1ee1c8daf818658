import { classifyPayload } from '../load';
import type { Row } from '../report';
import { checkCoupons } from '../invariants';
import { expectNoUserErrors, gql } from '../gql';
import { meterStampede, outcomesNote, runOnAll, type BenchContext } from './context';

/** The admin opens a campaign with fewer coupons than there are users in the storm. */
async function createCampaign(ctx: BenchContext): Promise<string> {
  const inputType = ctx.features.inputType('createCouponCampaign');
  const now = Date.now();
  const data = await gql(ctx.stampede[0], `mutation Create($input: ${inputType}!) {
    createCouponCampaign(input: $input) { campaign { id } userErrors { code message field } } }`, {
    input: {
      name: 'Bench stampede', discountType: 'FIXED', discountValue: 1_000, totalQuantity: ctx.config.couponLimit,
      startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(),
      couponValidDays: 7, minOrderAmount: 0,
    },
  }, ctx.seeded.admin.token);
  expectNoUserErrors(data.createCouponCampaign, 'createCouponCampaign');
  return data.createCouponCampaign.campaign.id;
}

/**
 * 1,000 users claiming from one campaign of 500 for the whole duration: the first 500 win,
 * everyone else (and every winner asking again) is told no. Attempts/s counts every answer; the
 * count and the one-per-user rule are checked in Postgres.
 *
 * The users share a pool of connections (200 by default, --coupon-connections), as clients
 * behind a proxy do, each connection cycling through its 5 users. 1,000 sockets opened at
 * once against a busy Node server stall: its accept queue (511) fills and it accepts a few
 * per second while it serves the others, so some users would never be heard. The targets
 * imply no more than 2,000/s × 0.2 s = 400 requests in flight anyway (Little's law).
 */
export async function couponStorm(ctx: BenchContext): Promise<Row> {
  const scenario = `issueCoupon (${ctx.config.couponUsers.toLocaleString('en')} users, ${Math.min(ctx.config.couponUsers, ctx.config.couponConnections)} conns)`;
  const note = 'target ≥ 2,000 attempts/s, p99 ≤ 200 ms, exact count';
  const reason = ctx.features.missing({ mutations: ['createCouponCampaign', 'issueCoupon'] });
  if (reason) return { scenario, rps: null, p50: null, p99: null, errors: null, ratio: null, note, skipped: reason };
  const campaignId = await createCampaign(ctx);
  const query = `mutation Issue($input: ${ctx.features.inputType('issueCoupon')}!) { issueCoupon(input: $input) {
    coupon { id } userErrors { code message field } } }`;
  const body = JSON.stringify({ query, variables: { input: { campaignId } } });
  const users = ctx.seeded.users.slice(-ctx.config.couponUsers);
  // The storm lasts the scenario's duration, and longer if needed until every user has had an
  // answer: only then must the campaign be exhausted (demand 1,000 > 500).
  const started = Date.now();
  const meter = meterStampede(ctx);
  const connections = Math.min(users.length, ctx.config.couponConnections);
  const answeredUsers = new Set<string>();
  const inFlight: string[] = []; // one request per connection at a time: whose it is
  const r = await runOnAll(ctx.stampede, {
    connections,
    duration: Math.max(60, ctx.config.duration),
    classify: classifyPayload('issueCoupon'),
    stopWhen: () => answeredUsers.size >= users.length && Date.now() - started >= ctx.config.duration * 1000,
    connection: (i) => {
      // Connection i speaks for users i, i + connections, i + 2 × connections, … in turn.
      const mine = users.filter((_, u) => u % connections === i);
      let turn = 0;
      return () => {
        const user = mine[turn++ % mine.length];
        inFlight[i] = user.id;
        return { token: user.token, body };
      };
    },
    onOutcome: (i, outcome) => {
      if (outcome !== 'error') answeredUsers.add(inFlight[i]);
    },
  });
  const cpu = meter(r.requests);
  const issuedAnswers = r.outcomes.ok ?? 0;
  const checks = [await checkCoupons(ctx.pool, campaignId, ctx.config.couponLimit)];
  checks.push({
    name: 'every user answered; ok answers ≤ coupons',
    ok: answeredUsers.size === users.length && issuedAnswers <= ctx.config.couponLimit,
    detail: `${answeredUsers.size} of ${users.length} users answered, ${issuedAnswers} ok answers`,
  });
  return {
    scenario, rps: r.rps, p50: r.p50, p99: r.p99, errors: r.errors, ratio: null,
    note: `${outcomesNote(r.outcomes)}; limit ${ctx.config.couponLimit}; ${note}`,
    cpu,
    errorSamples: r.errorSamples,
    extra: { outcomes: r.outcomes, campaignId },
    checks,
  };
}

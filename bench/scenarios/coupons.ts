import { classifyPayload } from '../load';
import type { Row } from '../report';
import { checkCoupons } from '../invariants';
import { expectNoUserErrors, gql } from '../gql';
import { outcomesNote, runOnAll, type BenchContext } from './context';

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
 * 1,000 users, one connection each, all claiming from one campaign of 500 for the whole
 * duration: the first 500 win, everyone else (and every winner asking again) is told no.
 * Attempts/s counts every answer; the count and the one-per-user rule are checked in Postgres.
 */
export async function couponStorm(ctx: BenchContext): Promise<Row> {
  const scenario = `issueCoupon (${ctx.config.couponUsers.toLocaleString('en')} users)`;
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
  const answered = new Set<number>();
  const started = Date.now();
  const r = await runOnAll(ctx.stampede, {
    connections: users.length,
    duration: Math.max(60, ctx.config.duration),
    classify: classifyPayload('issueCoupon'),
    onOutcome: (i) => answered.add(i),
    stopWhen: () => answered.size >= users.length && Date.now() - started >= ctx.config.duration * 1000,
    connection: (i) => {
      const token = users[i % users.length].token;
      return () => ({ token, body });
    },
  });
  const issuedAnswers = r.outcomes.ok ?? 0;
  const checks = [await checkCoupons(ctx.pool, campaignId, ctx.config.couponLimit)];
  checks.push({
    name: 'every user answered; ok answers ≤ coupons',
    ok: answered.size === users.length && issuedAnswers <= ctx.config.couponLimit,
    detail: `${answered.size} of ${users.length} users answered, ${issuedAnswers} ok answers`,
  });
  return {
    scenario, rps: r.rps, p50: r.p50, p99: r.p99, errors: r.errors, ratio: null,
    note: `${outcomesNote(r.outcomes)}; limit ${ctx.config.couponLimit}; ${note}`,
    extra: { outcomes: r.outcomes, campaignId },
    checks,
  };
}

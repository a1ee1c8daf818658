import { print } from 'graphql';
import type { Pool } from 'pg';
import { newId } from '../../src/shared/ids';
import { Tokens } from '../../src/modules/identity/auth/tokens';
import { Role } from '../../src/modules/identity/domain/user';
import { ClaimCouponDocument, CreateCouponCampaignDocument, type CreateCouponCampaignInput } from '../generated/graphql';
import { testConfig } from './test-app';

/**
 * Helpers for coupon storms: many users made in one INSERT with tokens minted by the app's own
 * Tokens service (same JWT secret as the apps under test) instead of 1,000 scrypt sign-ups.
 */
export interface StormUser {
  id: string;
  token: string;
}

export async function insertUsers(pool: Pool, count: number): Promise<StormUser[]> {
  const ids = Array.from({ length: count }, () => newId());
  await pool.query(
    `insert into users (id, email, name, password_hash, role)
     select id, 'storm-' || id || '@example.test', 'Storm', 'not-a-hash', 'CUSTOMER' from unnest($1::uuid[]) as id`,
    [ids],
  );
  const config = testConfig();
  const tokens = new Tokens(config.jwtSecret, config.jwtTtlSeconds);
  return Promise.all(ids.map(async (id) => ({ id, token: await tokens.issue({ id, role: Role.CUSTOMER }) })));
}

const CLAIM = print(ClaimCouponDocument);

/** Errors raised before the request reached the server: safe to send again. */
const NOT_SENT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ECONNREFUSED']);

/**
 * One issueCoupon over HTTP; answers ISSUED, the userErrors code, or NETWORK/GRAPHQL_ERROR with
 * details. A connection that could not even be opened (a listen backlog overflowing in a storm
 * on a loaded machine) is retried: the server never saw that request.
 */
export async function claim(url: string, token: string, campaignId: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: CLAIM, variables: { campaignId } }),
      });
      const body = (await res.json()) as { data?: { issueCoupon: { coupon: { id: string } | null; userErrors: { code: string }[] } }; errors?: unknown[] };
      if (body.errors?.length || !body.data) return `GRAPHQL_ERROR ${JSON.stringify(body.errors)}`;
      const { coupon, userErrors } = body.data.issueCoupon;
      return coupon ? 'ISSUED' : userErrors[0].code;
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code ?? '';
      if (NOT_SENT.has(code) && attempt < 3) continue;
      return `NETWORK ${code} ${(err as Error).message}`;
    }
  }
}

export function tally(results: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

const CREATE = print(CreateCouponCampaignDocument);

/** A campaign open now (admin token required). */
export async function openCampaign(url: string, adminToken: string, input: Partial<CreateCouponCampaignInput> = {}): Promise<string> {
  const now = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({
      query: CREATE,
      variables: {
        input: {
          name: 'Storm', discountType: 'PERCENT', discountValue: 10, totalQuantity: 100, couponValidDays: 7, minOrderAmount: 0,
          startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), ...input,
        },
      },
    }),
  });
  const body = (await res.json()) as { data: { createCouponCampaign: { campaign: { id: string } | null; userErrors: unknown[] } } };
  const campaign = body.data?.createCouponCampaign.campaign;
  if (!campaign) throw new Error(`createCouponCampaign failed: ${JSON.stringify(body)}`);
  return campaign.id;
}

/** The invariants, from Postgres: issued ≤ total, ≤ 1 per user, counter = rows. */
export async function campaignInvariants(pool: Pool, campaignId: string) {
  const { rows } = await pool.query(
    `select c.total_quantity as total, c.issued_quantity as counter,
            (select count(*)::int from coupons k where k.campaign_id = c.id) as rows,
            (select count(*)::int from (select user_id from coupons k where k.campaign_id = c.id group by user_id having count(*) > 1) d) as duplicate_users
       from coupon_campaigns c where c.id = $1`,
    [campaignId],
  );
  return rows[0] as { total: number; counter: number; rows: number; duplicate_users: number };
}

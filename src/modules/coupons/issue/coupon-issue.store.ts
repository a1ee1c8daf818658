import type { Pool } from 'pg';
import { newId } from '../../../shared/ids';
import type { Tx } from '../../../shared/tx';
import type { DiscountType } from '../domain/discount';
import { couponIssued, type CouponIssued } from '../events';

export type Queryable = Pick<Pool, 'query'>;

export interface IssuedCoupon {
  id: string;
  campaignId: string;
  userId: string;
  discountType: DiscountType;
  discountValue: number;
  minOrderAmount: number;
  issuedAt: Date;
  expiresAt: Date;
}

export type IssueOutcome =
  | { outcome: 'ISSUED'; coupon: IssuedCoupon; issuedQuantity: number; totalQuantity: number }
  | { outcome: 'EXHAUSTED' | 'ALREADY_ISSUED' | 'NOT_ACTIVE' | 'NOT_FOUND' };

export interface Claim {
  userId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export type ClaimResult = IssueOutcome | { outcome: 'RETRY' };

/**
 * The source of truth for first-come issuing: ONE statement for a whole batch of claims on one
 * campaign (its CouponIssued events follow in the same transaction, with the COMMIT). Batching matters because the campaign row is hot: every claim that
 * takes a slot must lock it until its commit (one WAL flush), so claims one by one are
 * serialized behind one flush each; a batch pays one lock and one flush for all its winners.
 *
 *   held     users of the batch who hold a coupon already (snapshot read)
 *   fresh    the others, first request per user, in arrival order
 *   camp     the campaign row, locked (FOR UPDATE re-reads it as committed now) only if it is
 *            open, not sold out and someone fresh wants a slot: losers never lock or flush
 *   winners  the first (total − issued) fresh claims, in arrival order
 *   ins      their coupons; unique (campaign_id, user_id) skips a concurrent duplicate
 *   upd      issued_quantity/version += the coupons actually inserted — counter = rows, always
 *   numbered the winners in arrival order: the n-th moved the campaign to version + n
 */
const ISSUE_BATCH_SQL = `
with req as (
  select * from unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[])
    with ordinality as r(user_id, coupon_id, issued_at, expires_at, ord)
), info as (
  select issued_quantity, total_quantity, starts_at <= $6 and ends_at > $6 as open from coupon_campaigns where id = $1
), held as (
  select k.user_id from coupons k where k.campaign_id = $1 and k.user_id = any($2::uuid[])
), fresh as (
  select distinct on (r.user_id) r.* from req r
   where not exists (select 1 from held h where h.user_id = r.user_id)
   order by r.user_id, r.ord
), camp as (
  select id, version, issued_quantity, total_quantity, discount_type, discount_value, min_order_amount
    from coupon_campaigns
   where id = $1 and issued_quantity < total_quantity and starts_at <= $6 and ends_at > $6 and exists (select 1 from fresh)
     for update
), winners as (
  select f.* from fresh f order by f.ord limit (select coalesce(max(total_quantity - issued_quantity), 0) from camp)
), ins as (
  insert into coupons (id, campaign_id, user_id, status, discount_type, discount_value, min_order_amount, issued_at, expires_at)
  select w.coupon_id, camp.id, w.user_id, 'AVAILABLE', camp.discount_type, camp.discount_value, camp.min_order_amount, w.issued_at, w.expires_at
    from winners w cross join camp
  on conflict (campaign_id, user_id) do nothing
  returning id, user_id
), numbered as (
  select i.id, row_number() over (order by w.ord) as n
    from ins i join winners w on w.coupon_id = i.id
), upd as (
  update coupon_campaigns c
     set issued_quantity = c.issued_quantity + (select count(*) from ins), version = c.version + (select count(*) from ins)
   where c.id = $1 and exists (select 1 from ins)
  returning c.issued_quantity
)
select (select row_to_json(info) from info) as info,
       (select row_to_json(camp) from camp) as camp,
       (select coalesce(json_agg(id), '[]') from ins) as inserted,
       (select coalesce(json_agg(user_id), '[]') from held) as held,
       (select coalesce(json_agg(user_id), '[]') from winners) as winners,
       (select issued_quantity from upd) as issued_after,
       (select coalesce(json_object_agg(id, n), '{}') from numbered) as numbered`;

interface BatchRow {
  info: { issued_quantity: number; total_quantity: number; open: boolean } | null;
  camp: { version: number; issued_quantity: number; total_quantity: number; discount_type: DiscountType; discount_value: number; min_order_amount: number } | null;
  inserted: string[];
  held: string[];
  winners: string[];
  issued_after: number | null;
  numbered: Record<string, number>;
}

/**
 * Claims in one statement; results in the claims' order, and the CouponIssued events of the
 * winners (for the caller's outbox, same transaction). RETRY (rare) means the claim lost to the
 * limit of its batch but slots were left (a concurrent duplicate freed one): claim again.
 */
export async function issueBatch(tx: Tx, campaignId: string, now: Date, claims: Claim[]): Promise<{ results: ClaimResult[]; events: CouponIssued[] }> {
  const couponIds = claims.map((c) => newId(c.issuedAt.getTime()));
  const [row] = await tx.query<BatchRow>(ISSUE_BATCH_SQL, [
    campaignId, claims.map((c) => c.userId), couponIds, claims.map((c) => c.issuedAt), claims.map((c) => c.expiresAt), now,
  ]);
  if (!row.info) return { results: claims.map(() => ({ outcome: 'NOT_FOUND' })), events: [] };
  const events: CouponIssued[] = [];
  claims.forEach((claim, i) => {
    const n = row.numbered[couponIds[i]];
    if (n === undefined) return;
    events.push(couponIssued({ id: campaignId, version: row.camp!.version + n }, {
      couponId: couponIds[i], campaignId, userId: claim.userId, issuedAt: claim.issuedAt.toISOString(),
      expiresAt: claim.expiresAt.toISOString(), issuedQuantity: row.camp!.issued_quantity + n,
    }, claim.issuedAt));
  });
  return { results: resultsOf(row, campaignId, claims, couponIds), events };
}

function resultsOf(row: BatchRow, campaignId: string, claims: Claim[], couponIds: string[]): ClaimResult[] {
  const inserted = new Set(row.inserted);
  const holders = new Set([...row.held, ...row.winners]); // a winner not inserted lost to a concurrent duplicate
  const info = row.info!;
  const issued = row.issued_after ?? row.camp?.issued_quantity ?? info.issued_quantity;
  const total = info.total_quantity;
  return claims.map((claim, i): ClaimResult => {
    if (inserted.has(couponIds[i])) {
      const camp = row.camp!;
      return {
        outcome: 'ISSUED', issuedQuantity: issued, totalQuantity: total,
        coupon: {
          id: couponIds[i], campaignId, userId: claim.userId, discountType: camp.discount_type, discountValue: camp.discount_value,
          minOrderAmount: camp.min_order_amount, issuedAt: claim.issuedAt, expiresAt: claim.expiresAt,
        },
      };
    }
    if (holders.has(claim.userId)) return { outcome: 'ALREADY_ISSUED' };
    if (!info.open) return { outcome: 'NOT_ACTIVE' };
    return issued >= total ? { outcome: 'EXHAUSTED' } : { outcome: 'RETRY' };
  });
}

/** total − issued as committed now; null for an unknown campaign. */
export async function loadRemaining(db: Queryable, campaignId: string): Promise<number | null> {
  const { rows } = await db.query('select total_quantity - issued_quantity as remaining from coupon_campaigns where id = $1', [campaignId]);
  return rows[0]?.remaining ?? null;
}

export interface CampaignWindow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  couponValidDays: number;
  totalQuantity: number;
}

export async function loadCampaignWindow(db: Queryable, campaignId: string): Promise<CampaignWindow | null> {
  const { rows } = await db.query(
    `select id, starts_at, ends_at, coupon_valid_days, total_quantity from coupon_campaigns where id = $1`, [campaignId],
  );
  const r = rows[0];
  return r ? { id: r.id, startsAt: r.starts_at, endsAt: r.ends_at, couponValidDays: r.coupon_valid_days, totalQuantity: r.total_quantity } : null;
}

/** What the Redis gate is rebuilt from: the remaining count and who already holds one. */
export async function loadGateState(db: Queryable, campaignId: string): Promise<{ remaining: number; userIds: string[] } | null> {
  const { rows } = await db.query('select total_quantity - issued_quantity as remaining from coupon_campaigns where id = $1', [campaignId]);
  if (rows.length === 0) return null;
  const users = await db.query('select user_id from coupons where campaign_id = $1', [campaignId]);
  return { remaining: rows[0].remaining, userIds: users.rows.map((u: { user_id: string }) => u.user_id) };
}

import type { Pool } from 'pg';
import { newId } from '../../../shared/ids';
import { makeEvent, subjectOf } from '../../../shared/event';
import type { DiscountType } from '../domain/discount';
import { CAMPAIGN_AGGREGATE, type CouponIssued } from '../events';

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

/**
 * The source of truth for first-come issuing: ONE autocommitted statement that
 *   1. takes a slot with a conditional increment of the hot counter
 *      (`issued_quantity < total_quantity`, window open, user has none yet),
 *   2. inserts the coupon (unique (campaign_id, user_id): a concurrent duplicate fails the
 *      whole statement, which undoes the increment too),
 *   3. appends CouponIssued to the outbox,
 * and, when it takes nothing, reports why from the same snapshot. One round trip whatever the
 * outcome; the campaign row is locked only for the duration of this statement.
 */
const ISSUE_SQL = `
with taken as (
  update coupon_campaigns
     set issued_quantity = issued_quantity + 1, version = version + 1
   where id = $1 and issued_quantity < total_quantity and starts_at <= $3 and ends_at > $3
     and not exists (select 1 from coupons where campaign_id = $1 and user_id = $2)
  returning id, version, issued_quantity, total_quantity, discount_type, discount_value, min_order_amount
), coupon as (
  insert into coupons (id, campaign_id, user_id, status, discount_type, discount_value, min_order_amount, issued_at, expires_at)
  select $4, taken.id, $2, 'AVAILABLE', taken.discount_type, taken.discount_value, taken.min_order_amount, $3, $5
    from taken
  returning id
), event as (
  insert into outbox (id, subject, event)
  select $6, $7, jsonb_set(jsonb_set($8::jsonb, '{aggregateVersion}', to_jsonb(taken.version)),
                           '{data,issuedQuantity}', to_jsonb(taken.issued_quantity))
    from taken join coupon on true
)
select taken.version, taken.issued_quantity, taken.total_quantity, taken.discount_type, taken.discount_value,
       taken.min_order_amount, coupon.id as coupon_id,
       c.id as campaign_id, c.issued_quantity as seen_issued, c.total_quantity as seen_total,
       c.starts_at <= $3 and c.ends_at > $3 as open,
       exists (select 1 from coupons where campaign_id = $1 and user_id = $2) as has_coupon
  from (select 1) as one
  left join taken on true
  left join coupon on true
  left join coupon_campaigns c on c.id = $1`;

const UNIQUE_VIOLATION = '23505';

export async function issueInPostgres(
  db: Queryable, args: { campaignId: string; userId: string; now: Date; expiresAt: Date },
): Promise<IssueOutcome> {
  const { campaignId, userId, now, expiresAt } = args;
  const couponId = newId(now.getTime());
  const event: CouponIssued = makeEvent('CouponIssued', { type: CAMPAIGN_AGGREGATE, id: campaignId, version: 0 }, now, {
    couponId, campaignId, userId, issuedAt: now.toISOString(), expiresAt: expiresAt.toISOString(), issuedQuantity: 0,
  });
  let row: Record<string, any>;
  try {
    const result = await db.query(ISSUE_SQL, [campaignId, userId, now, couponId, expiresAt, event.id, subjectOf(event), JSON.stringify(event)]);
    row = result.rows[0];
  } catch (err) {
    // A concurrent request of the same user inserted first: the whole statement (increment included) rolled back.
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) return { outcome: 'ALREADY_ISSUED' };
    throw err;
  }
  if (row.coupon_id) {
    return {
      outcome: 'ISSUED',
      issuedQuantity: row.issued_quantity,
      totalQuantity: row.total_quantity,
      coupon: {
        id: row.coupon_id, campaignId, userId, discountType: row.discount_type, discountValue: row.discount_value,
        minOrderAmount: row.min_order_amount, issuedAt: now, expiresAt,
      },
    };
  }
  // Nothing taken. The reasons are read from the statement's snapshot; the order matters:
  // someone who already holds a coupon hears so even when the campaign is also over.
  if (!row.campaign_id) return { outcome: 'NOT_FOUND' };
  if (row.has_coupon) return { outcome: 'ALREADY_ISSUED' };
  if (!row.open) return { outcome: 'NOT_ACTIVE' };
  return { outcome: 'EXHAUSTED' };
}

/** Does the user hold a coupon of this campaign? (To confirm a Redis "already issued".) */
export async function hasCoupon(db: Queryable, campaignId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from coupons where campaign_id = $1 and user_id = $2', [campaignId, userId]);
  return rows.length > 0;
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

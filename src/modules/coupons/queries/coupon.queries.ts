import type { Queryable } from '../issue/coupon-issue.store';
import { effectiveStatus, effectiveStatusSql, type CouponStatus } from '../domain/coupon-status';
import type { CampaignRead, CouponRead } from './coupon.types';

/**
 * Reads straight from the write model: campaign counters and a shopper's own coupons must be
 * exact for their reader ("listed and usable the moment issueCoupon returns"). Both are
 * index lookups; MVCC reads never wait for the hot campaign row's writers.
 */
const CAMPAIGN_COLUMNS = `id, name, discount_type, discount_value, total_quantity, issued_quantity,
  starts_at, ends_at, coupon_valid_days, min_order_amount`;

export const MAX_CAMPAIGNS_LISTED = 100;
export const MAX_COUPONS_LISTED = 500;

export class CouponQueries {
  constructor(private readonly db: Queryable) {}

  /** Campaigns open at `now` (or all, newest first), at most MAX_CAMPAIGNS_LISTED. */
  async campaigns(activeOnly: boolean, now: Date): Promise<CampaignRead[]> {
    const { rows } = activeOnly
      ? await this.db.query(
        `select ${CAMPAIGN_COLUMNS} from coupon_campaigns where starts_at <= $1 and ends_at > $1
          order by ends_at asc, id asc limit ${MAX_CAMPAIGNS_LISTED}`, [now])
      : await this.db.query(`select ${CAMPAIGN_COLUMNS} from coupon_campaigns order by id desc limit ${MAX_CAMPAIGNS_LISTED}`);
    return rows.map(toCampaign);
  }

  async campaignsByIds(ids: readonly string[]): Promise<CampaignRead[]> {
    const { rows } = await this.db.query(`select ${CAMPAIGN_COLUMNS} from coupon_campaigns where id = any($1::uuid[])`, [ids]);
    return rows.map(toCampaign);
  }

  /** The user's coupons, newest first, with the status as of `now` (optionally filtered by it). */
  async myCoupons(userId: string, status: CouponStatus | null, now: Date): Promise<CouponRead[]> {
    const { rows } = await this.db.query(
      `select k.id as coupon_id, k.status, k.discount_type as k_type, k.discount_value as k_value, k.min_order_amount as k_min,
              k.issued_at, k.expires_at, k.used_at, k.order_id, c.*
         from coupons k join coupon_campaigns c on c.id = k.campaign_id
        where k.user_id = $1 ${status ? `and ${effectiveStatusSql('k', '$2')} = $3` : ''}
        order by k.issued_at desc, k.id desc limit ${MAX_COUPONS_LISTED}`,
      status ? [userId, now, status] : [userId],
    );
    return rows.map((r) => ({
      id: r.coupon_id,
      status: effectiveStatus(r.status, r.expires_at, now),
      discountType: r.k_type,
      discountValue: r.k_value,
      minOrderAmount: r.k_min,
      issuedAt: r.issued_at,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
      orderId: r.order_id,
      campaignId: r.id,
      campaign: toCampaign(r),
    }));
  }
}

function toCampaign(r: Record<string, any>): CampaignRead {
  return {
    id: r.id, name: r.name, discountType: r.discount_type, discountValue: r.discount_value,
    totalQuantity: r.total_quantity, issuedQuantity: r.issued_quantity, startsAt: r.starts_at, endsAt: r.ends_at,
    couponValidDays: r.coupon_valid_days, minOrderAmount: r.min_order_amount,
  };
}

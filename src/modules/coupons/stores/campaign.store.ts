import type { Tx } from '../../../shared/tx';
import type { CampaignTerms } from '../domain/coupon-campaign';

/**
 * New campaigns (`coupon_campaigns`). Terms never change after creation; issued_quantity is a
 * hot counter moved only by the batch statement in issue/coupon-issue.store.ts.
 */
export interface CampaignStore {
  insert(tx: Tx, campaign: CampaignTerms & { id: string; createdAt: Date }): Promise<void>;
}

export const pgCampaigns: CampaignStore = {
  async insert(tx, c) {
    await tx.query(
      `insert into coupon_campaigns (id, name, discount_type, discount_value, total_quantity, issued_quantity,
         starts_at, ends_at, coupon_valid_days, min_order_amount, version, created_at)
       values ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, 1, $10)`,
      [c.id, c.name, c.discountType, c.discountValue, c.totalQuantity, c.startsAt, c.endsAt, c.couponValidDays, c.minOrderAmount, c.createdAt],
    );
  },
};

import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { DiscountType } from '../domain/discount';

/**
 * CouponCampaign: terms are fixed at creation; issuedQuantity is a hot counter that only the
 * atomic conditional UPDATE in issue/coupon-issue.store.ts moves (never this entity: a flush
 * here would be a read-modify-write). The version moves with every issue.
 */
@Entity({ tableName: 'coupon_campaigns' })
export class CouponCampaignEntity {
  [OptionalProps]?: 'version' | 'issuedQuantity';

  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) discountType!: DiscountType;
  @Property({ type: 'integer' }) discountValue!: number;
  @Property({ type: 'integer' }) totalQuantity!: number;
  @Property({ type: 'integer' }) issuedQuantity: number = 0;
  @Property({ type: 'timestamptz' }) startsAt!: Date;
  @Property({ type: 'timestamptz' }) endsAt!: Date;
  @Property({ type: 'integer' }) couponValidDays!: number;
  @Property({ type: 'integer' }) minOrderAmount!: number;
  @Property({ version: true }) version: number = 1;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

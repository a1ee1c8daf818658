import { newId } from '../../../src/shared/ids';
import type { OutboxStore } from '../../../src/shared/outbox';
import type { Transactions, Tx } from '../../../src/shared/tx';
import { couponExpiry, isCampaignOpen, type CampaignTerms } from '../../../src/modules/coupons/domain/coupon-campaign';
import type { CouponStatus } from '../../../src/modules/coupons/domain/coupon-status';
import type { CouponState } from '../../../src/modules/coupons/domain/coupon-usage';
import type { DiscountType } from '../../../src/modules/coupons/domain/discount';
import { couponIssued } from '../../../src/modules/coupons/events';
import type { CouponsDeps } from '../../../src/modules/coupons/coupons.deps';
import type { IssueOutcome } from '../../../src/modules/coupons/issue/coupon-issue.store';
import type { CampaignStore } from '../../../src/modules/coupons/stores/campaign.store';
import type { CouponOrderArgs, CouponUsageStore, ReserveCouponArgs } from '../../../src/modules/coupons/stores/coupon-usage.store';
import { mapParticipant, statement, type Participant } from './fake-transactions';

export interface FakeCampaignRow extends CampaignTerms {
  id: string;
  issuedQuantity: number;
  version: number;
  createdAt: Date;
}

export interface FakeCouponRow {
  id: string;
  campaignId: string;
  userId: string;
  status: CouponStatus;
  discountType: DiscountType;
  discountValue: number;
  minOrderAmount: number;
  issuedAt: Date;
  expiresAt: Date;
  orderId: string | null;
  reservedAt: Date | null;
  usedAt: Date | null;
  version: number;
}

/** coupon_campaigns in memory, with the table's checks (they fail the statement). */
export class FakeCampaigns implements CampaignStore, Participant {
  readonly rows = new Map<string, FakeCampaignRow>();
  private readonly saved = mapParticipant(this.rows);

  insert(tx: Tx, c: CampaignTerms & { id: string; createdAt: Date }): Promise<void> {
    return statement(tx, 'campaigns.insert', () => {
      if (this.rows.has(c.id)) throw new Error(`duplicate key value violates unique constraint "coupon_campaigns_pkey" (${c.id})`);
      const fail = (what: string) => new Error(`new row for relation "coupon_campaigns" violates check constraint (${what})`);
      if (!['PERCENT', 'FIXED'].includes(c.discountType)) throw fail('discount_type');
      if (c.discountValue <= 0 || (c.discountType === 'PERCENT' && c.discountValue > 100)) throw fail('discount_value');
      if (c.totalQuantity <= 0) throw fail('total_quantity > 0');
      if (c.couponValidDays <= 0) throw fail('coupon_valid_days > 0');
      if (c.minOrderAmount < 0) throw fail('min_order_amount >= 0');
      if (c.endsAt.getTime() <= c.startsAt.getTime()) throw fail('ends_at > starts_at');
      const { id, name, discountType, discountValue, totalQuantity, startsAt, endsAt, couponValidDays, minOrderAmount, createdAt } = c;
      this.rows.set(id, structuredClone({
        id, name, discountType, discountValue, totalQuantity, startsAt, endsAt, couponValidDays, minOrderAmount, createdAt,
        issuedQuantity: 0, version: 1,
      }));
    });
  }

  /** Given: a campaign as if created earlier (open from an hour ago for a day, 100 coupons of 10%). */
  seed(overrides: Partial<FakeCampaignRow> = {}, now = new Date('2026-03-01T09:00:00.000Z')): FakeCampaignRow {
    const row: FakeCampaignRow = {
      id: newId(), name: 'Spring', discountType: 'PERCENT', discountValue: 10, totalQuantity: 100, issuedQuantity: 0,
      startsAt: new Date(now.getTime() - 3600_000), endsAt: new Date(now.getTime() + 24 * 3600_000), couponValidDays: 7,
      minOrderAmount: 0, version: 1, createdAt: new Date(now.getTime() - 7200_000), ...overrides,
    };
    this.rows.set(row.id, structuredClone(row));
    return row;
  }

  snapshot(): unknown {
    return this.saved.snapshot();
  }

  restore(saved: unknown): void {
    this.saved.restore(saved);
  }
}

/**
 * coupons as orders use them (pgCouponUsage): each transition is one conditional update on the
 * row — AVAILABLE → RESERVED (owner, unexpired, minimum reached), RESERVED → USED (by that order;
 * again is still true), RESERVED → AVAILABLE or EXPIRED (by that order).
 */
export class FakeCouponUsage implements CouponUsageStore, Participant {
  readonly rows = new Map<string, FakeCouponRow>();
  private readonly saved = mapParticipant(this.rows);

  reserve(tx: Tx, a: ReserveCouponArgs): Promise<{ discountType: DiscountType; discountValue: number } | null> {
    return statement(tx, 'coupons.reserve', () => {
      const c = this.rows.get(a.couponId);
      if (!c || c.userId !== a.userId || c.status !== 'AVAILABLE' || !(c.expiresAt.getTime() > a.now.getTime()) || !(c.minOrderAmount <= a.subtotal)) {
        return null;
      }
      Object.assign(c, { status: 'RESERVED', orderId: a.orderId, reservedAt: new Date(a.now), version: c.version + 1 });
      return { discountType: c.discountType, discountValue: c.discountValue };
    });
  }

  state(tx: Tx, couponId: string): Promise<CouponState | null> {
    return statement(tx, 'coupons.state', () => {
      const c = this.rows.get(couponId);
      return c ? { userId: c.userId, status: c.status, expiresAt: c.expiresAt, minOrderAmount: c.minOrderAmount } : null;
    });
  }

  markUsed(tx: Tx, a: CouponOrderArgs): Promise<boolean> {
    return statement(tx, 'coupons.markUsed', () => {
      const c = this.rows.get(a.couponId);
      if (!c || c.orderId !== a.orderId) return false;
      if (c.status === 'USED') return true;
      if (c.status !== 'RESERVED') return false;
      Object.assign(c, { status: 'USED', usedAt: new Date(a.now), version: c.version + 1 });
      return true;
    });
  }

  release(tx: Tx, a: CouponOrderArgs): Promise<'AVAILABLE' | 'EXPIRED' | null> {
    return statement(tx, 'coupons.release', () => {
      const c = this.rows.get(a.couponId);
      if (!c || c.orderId !== a.orderId || c.status !== 'RESERVED') return null;
      const status = c.expiresAt.getTime() <= a.now.getTime() ? 'EXPIRED' : 'AVAILABLE';
      Object.assign(c, { status, orderId: null, reservedAt: null, version: c.version + 1 });
      return status;
    });
  }

  /** Given: a coupon as if issued earlier (no transaction). */
  seed(overrides: Partial<FakeCouponRow> & { userId: string }): FakeCouponRow {
    const row: FakeCouponRow = {
      id: newId(), campaignId: newId(), status: 'AVAILABLE', discountType: 'PERCENT', discountValue: 10, minOrderAmount: 0,
      issuedAt: new Date('2026-03-01T00:00:00.000Z'), expiresAt: new Date('2026-03-08T00:00:00.000Z'),
      orderId: null, reservedAt: null, usedAt: null, version: 1, ...overrides,
    };
    this.rows.set(row.id, structuredClone(row));
    return row;
  }

  get(id: string): FakeCouponRow | undefined {
    return this.rows.get(id);
  }

  /** The coupons table's own rule: one coupon per user per campaign (used by the fake issuer). */
  insertIssued(row: FakeCouponRow): void {
    if ([...this.rows.values()].some((c) => c.campaignId === row.campaignId && c.userId === row.userId)) {
      throw new Error('duplicate key value violates unique constraint "coupons_campaign_id_user_id_key"');
    }
    this.rows.set(row.id, structuredClone(row));
  }

  snapshot(): unknown {
    return this.saved.snapshot();
  }

  restore(saved: unknown): void {
    this.saved.restore(saved);
  }
}

/**
 * The first-come issuer (CouponIssuer without a gate) over the fake campaigns and coupons: one
 * coupon per user per campaign, never more than the campaign holds, the campaign's version and
 * issuedQuantity moving by one per coupon, CouponIssued in the same transaction. Outcomes are
 * decided in issueBatch's order: unknown, window closed, already held, sold out.
 */
export class FakeCouponIssuer implements Pick<CouponsDeps['issuer'], 'issue' | 'prepareGate'> {
  readonly gates: Array<{ campaignId: string; totalQuantity: number; endsAt: Date }> = [];

  constructor(
    private readonly campaigns: FakeCampaigns,
    private readonly coupons: FakeCouponUsage,
    private readonly write: { transactions: Transactions; outbox: OutboxStore },
  ) {}

  issue(campaignId: string, userId: string, now: Date): Promise<IssueOutcome> {
    return this.write.transactions.withTransaction(async (tx) => {
      const outcome = await statement(tx, 'coupons.issue', (): IssueOutcome => {
        const camp = this.campaigns.rows.get(campaignId);
        if (!camp) return { outcome: 'NOT_FOUND' };
        if (!isCampaignOpen(camp, now)) return { outcome: 'NOT_ACTIVE' };
        if ([...this.coupons.rows.values()].some((c) => c.campaignId === campaignId && c.userId === userId)) return { outcome: 'ALREADY_ISSUED' };
        if (camp.issuedQuantity >= camp.totalQuantity) return { outcome: 'EXHAUSTED' };
        const coupon = {
          id: newId(now.getTime()), campaignId, userId, discountType: camp.discountType, discountValue: camp.discountValue,
          minOrderAmount: camp.minOrderAmount, issuedAt: new Date(now), expiresAt: couponExpiry(now, camp.couponValidDays),
        };
        this.coupons.insertIssued({ ...coupon, status: 'AVAILABLE', orderId: null, reservedAt: null, usedAt: null, version: 1 });
        camp.issuedQuantity += 1;
        camp.version += 1;
        return { outcome: 'ISSUED', coupon, issuedQuantity: camp.issuedQuantity, totalQuantity: camp.totalQuantity };
      });
      if (outcome.outcome === 'ISSUED') {
        const { coupon } = outcome;
        const version = this.campaigns.rows.get(campaignId)!.version;
        void this.write.outbox.append(tx, [couponIssued({ id: campaignId, version }, {
          couponId: coupon.id, campaignId, userId, issuedAt: coupon.issuedAt.toISOString(), expiresAt: coupon.expiresAt.toISOString(),
          issuedQuantity: outcome.issuedQuantity,
        }, coupon.issuedAt)]);
      }
      return outcome;
    });
  }

  async prepareGate(campaignId: string, totalQuantity: number, endsAt: Date): Promise<void> {
    this.gates.push({ campaignId, totalQuantity, endsAt });
  }
}

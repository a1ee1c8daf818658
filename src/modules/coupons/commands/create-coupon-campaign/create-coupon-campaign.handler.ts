import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../../shared/clock';
import { newId } from '../../../../shared/ids';
import { makeEvent } from '../../../../shared/event';
import { appendToOutbox } from '../../../../shared/outbox.entity';
import { ErrorCode, UserFacingError, userError } from '../../../../shared/user-error';
import { CouponCampaign, campaignTermsProblems } from '../../domain/coupon-campaign.entity';
import { CAMPAIGN_AGGREGATE, type CouponCampaignCreated } from '../../events';
import type { CampaignRead } from '../../queries/coupon.types';
import type { CouponIssuer } from '../../issue/coupon-issuer';
import type { CreateCouponCampaignInput } from './create-coupon-campaign.input';

/** Gate: the Redis gate is built right after commit (best effort; it is rebuilt on first use anyway). */
export async function createCouponCampaign(
  em: EntityManager, clock: Clock, input: CreateCouponCampaignInput, gate: Pick<CouponIssuer, 'prepareGate'>,
): Promise<CampaignRead> {
  const now = clock.now();
  const terms = { ...input, name: input.name.trim() };
  const problems = campaignTermsProblems(terms, now);
  if (problems.length > 0) {
    throw new UserFacingError(problems.map(([field, message]) => userError(ErrorCode.BAD_USER_INPUT, message, ['input', field])));
  }
  const id = newId(now.getTime());
  const created = await em.transactional(async (tx) => {
    const campaign = tx.create(CouponCampaign, { id, ...terms, createdAt: now });
    appendToOutbox(tx, [
      makeEvent<'CouponCampaignCreated', CouponCampaignCreated['data']>('CouponCampaignCreated', { type: CAMPAIGN_AGGREGATE, id, version: 1 }, now, {
        ...terms, startsAt: terms.startsAt.toISOString(), endsAt: terms.endsAt.toISOString(),
      }),
    ]);
    await tx.flush();
    return {
      id, name: campaign.name, discountType: campaign.discountType, discountValue: campaign.discountValue,
      totalQuantity: campaign.totalQuantity, issuedQuantity: 0, startsAt: campaign.startsAt, endsAt: campaign.endsAt,
      couponValidDays: campaign.couponValidDays, minOrderAmount: campaign.minOrderAmount,
    };
  });
  await gate.prepareGate(created.id, created.totalQuantity, created.endsAt);
  return created;
}

import { ClaimCouponDocument, CouponCampaignsDocument, MyCouponsDocument } from '@stampede/client';
import { api, session } from '../session';
import { h, problem, won } from '../dom';

/** Open campaigns, first come first served, and the coupons you hold. */
export async function couponsPage(root: HTMLElement): Promise<void> {
  const message = h('p', { id: 'coupon-message' });
  const mine = h('ul', { id: 'my-coupons' });
  const campaigns = await api.request(CouponCampaignsDocument, { activeOnly: true });
  if (campaigns.kind !== 'data') return void root.replaceChildren(h('p', { class: 'error' }, problem(campaigns)));
  const refreshMine = async () => {
    if (!session.signedIn()) return;
    const r = await api.request(MyCouponsDocument, {});
    if (r.kind === 'data') mine.replaceChildren(...r.data.myCoupons.map((c) => h('li', {}, `${c.campaign.name}: ${c.status}`)));
  };
  const claim = async (campaignId: string) => {
    const r = await api.request(ClaimCouponDocument, { campaignId });
    message.className = r.kind === 'data' ? 'ok' : 'error';
    message.textContent = r.kind === 'data' ? 'Coupon claimed' : problem(r);
    await refreshMine();
  };
  const cards = campaigns.data.couponCampaigns.map((c) =>
    h('div', { class: 'card', 'data-campaign': c.id },
      h('h3', {}, c.name),
      h('div', {}, c.discountType === 'PERCENT' ? `${c.discountValue}% off` : `${won(c.discountValue)} off`),
      h('div', { class: 'muted' }, `${c.remainingQuantity} of ${c.totalQuantity} left`),
      h('button', { disabled: c.remainingQuantity === 0, onclick: () => claim(c.id) }, 'Claim')));
  root.replaceChildren(h('h1', {}, 'Coupons'), message, h('div', { class: 'grid' }, ...cards), h('h2', {}, 'My coupons'), mine);
  await refreshMine();
}

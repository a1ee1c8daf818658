import { MyCouponsDocument, PlaceOrderDocument } from '@stampede/client';
import { api, cart } from '../session';
import { h, problem, won } from '../dom';

/** The cart, an optional coupon, and placing the order (paid from the orders page). */
export async function cartPage(root: HTMLElement): Promise<void> {
  const lines = cart.lines();
  const message = h('p', { id: 'cart-message' });
  const coupon = h('select', { name: 'coupon' }, h('option', { value: '' }, 'No coupon'));
  const coupons = await api.request(MyCouponsDocument, { status: 'AVAILABLE' });
  if (coupons.kind === 'data') for (const c of coupons.data.myCoupons) coupon.append(h('option', { value: c.id }, c.campaign.name));
  const place = async () => {
    const r = await api.request(PlaceOrderDocument, {
      input: { items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), couponId: coupon.value || undefined, idempotencyKey: crypto.randomUUID() },
    });
    if (r.kind !== 'data') {
      message.className = 'error';
      message.textContent = problem(r);
      return;
    }
    cart.clear();
    location.hash = '#/orders';
  };
  const total = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
  root.replaceChildren(
    h('h1', {}, 'Cart'),
    lines.length === 0 ? h('p', {}, 'Your cart is empty.') :
      h('table', {}, ...lines.map((l) => h('tr', {}, h('td', {}, l.name), h('td', {}, `× ${l.quantity}`), h('td', {}, won(l.price * l.quantity))))),
    h('p', {}, `Subtotal ${won(total)}`),
    h('label', {}, 'Coupon ', coupon), ' ',
    h('button', { id: 'place-order', disabled: lines.length === 0, onclick: place }, 'Place order'),
    message,
  );
}

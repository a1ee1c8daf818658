import { MyOrdersDocument, OrderStatusChangedDocument, PayOrderDocument } from '@stampede/client';
import { api } from '../session';
import { h, problem, won } from '../dom';

/**
 * Your orders; the status of each open one follows orderStatusChanged over graphql-ws, so a
 * payment made anywhere (this page, another device) shows here without a reload.
 */
export function ordersPage(root: HTMLElement): () => void {
  const stops: Array<() => void> = [];
  const message = h('p');
  const table = h('table', { id: 'orders' });
  const load = async () => {
    const r = await api.request(MyOrdersDocument, { first: 20 });
    if (r.kind !== 'data') return void (message.textContent = problem(r));
    const rows = r.data.myOrders.edges.map(({ node: o }) => {
      const status = h('td', { class: `status status-${o.status}` }, o.status);
      const pay = h('button', { onclick: async () => {
        const paid = await api.request(PayOrderDocument, { input: { orderId: o.id, idempotencyKey: `pay-${o.id}` } });
        if (paid.kind !== 'data') message.textContent = problem(paid);
      } }, 'Pay');
      if (o.status === 'PENDING') {
        stops.push(api.subscribe(OrderStatusChangedDocument, { orderId: o.id }, {
          next: ({ orderStatusChanged }) => {
            status.textContent = orderStatusChanged.status;
            status.className = `status status-${orderStatusChanged.status}`;
            if (orderStatusChanged.status !== 'PENDING') pay.remove();
          },
          error: (e) => (message.textContent = e.message),
        }));
      }
      return h('tr', { 'data-order': o.id },
        h('td', {}, o.items.map((i) => `${i.productName} × ${i.quantity}`).join(', ')),
        h('td', {}, won(o.total)), h('td', { class: 'muted' }, o.discount ? `−${won(o.discount)}` : ''),
        status, h('td', {}, o.status === 'PENDING' ? pay : ''));
    });
    table.replaceChildren(h('tr', {}, h('th', {}, 'Items'), h('th', {}, 'Total'), h('th', {}, 'Discount'), h('th', {}, 'Status'), h('th', {}, '')), ...rows);
  };
  root.replaceChildren(h('h1', {}, 'Orders'), message, table);
  void load();
  return () => stops.forEach((stop) => stop());
}

import { PopularProductsDocument } from '@stampede/client';
import { api } from '../session';
import { h, problem, won } from '../dom';

function change(rank: number, previous: number | null | undefined): HTMLElement {
  if (previous === null || previous === undefined) return h('span', { class: 'new' }, 'NEW');
  if (previous > rank) return h('span', { class: 'up' }, `↑${previous - rank}`);
  if (previous < rank) return h('span', { class: 'down' }, `↓${rank - previous}`);
  return h('span', { class: 'muted' }, '–');
}

export async function popularPage(root: HTMLElement): Promise<void> {
  const result = await api.request(PopularProductsDocument, { days: 7, limit: 10 });
  if (result.kind !== 'data') return void root.replaceChildren(h('p', { class: 'error' }, problem(result)));
  const rows = result.data.popularProducts.items.map((item) =>
    h('tr', {}, h('td', {}, String(item.rank)), h('td', {}, change(item.rank, item.previousRank)),
      h('td', {}, h('a', { href: `#/product/${item.product.id}` }, item.product.name)), h('td', {}, String(item.soldQuantity)), h('td', {}, won(item.product.price))));
  root.replaceChildren(
    h('h1', {}, 'Popular this week'),
    h('p', { class: 'muted' }, `${result.data.popularProducts.totalOrders} orders`),
    h('table', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, ''), h('th', {}, 'Product'), h('th', {}, 'Sold'), h('th', {}, 'Price')), ...rows),
  );
}

import { ProductDocument, ProductsDocument, RecommendedProductsDocument } from '@stampede/client';
import { api, cart } from '../session';
import { h, problem, won } from '../dom';

interface Listed { id: string; name: string; price: number; stock: number; category: string }

function productCard(p: Listed): HTMLElement {
  return h('div', { class: 'card', 'data-product': p.id },
    h('h3', {}, h('a', { href: `#/product/${p.id}` }, p.name)),
    h('div', { class: 'muted' }, p.category),
    h('div', {}, won(p.price)),
    h('div', { class: 'stock' }, p.stock > 0 ? `${p.stock} in stock` : 'Sold out'),
    h('button', { disabled: p.stock === 0, onclick: () => cart.add({ productId: p.id, name: p.name, price: p.price }) }, 'Add to cart'),
  );
}

/** Catalog with a category filter; stock is refreshed every few seconds while the page is open. */
export function catalogPage(root: HTMLElement): () => void {
  const category = h('select', { name: 'category' }, h('option', { value: '' }, 'All categories'));
  const grid = h('div', { class: 'grid' });
  const status = h('p', { class: 'muted' });
  const known = new Set<string>();
  const load = async () => {
    const result = await api.request(ProductsDocument, { first: 50, category: category.value || undefined });
    if (result.kind !== 'data') return void (status.textContent = problem(result));
    const products = result.data.products.edges.map((e) => e.node);
    for (const p of products) {
      if (!known.has(p.category)) category.append(h('option', { value: p.category }, p.category));
      known.add(p.category);
    }
    grid.replaceChildren(...products.map(productCard));
    status.textContent = `${result.data.products.totalCount} products`;
  };
  category.addEventListener('change', load);
  root.replaceChildren(h('h1', {}, 'Catalog'), h('label', {}, 'Category ', category), status, grid);
  void load();
  const timer = setInterval(load, 5_000);
  return () => clearInterval(timer);
}

/** One product; when it is sold out, what to buy instead. */
export async function productPage(root: HTMLElement, id: string): Promise<void> {
  const result = await api.request(ProductDocument, { id });
  if (result.kind !== 'data' || !result.data.product) return void root.replaceChildren(h('p', { class: 'error' }, result.kind === 'data' ? 'No such product' : problem(result)));
  const p = result.data.product;
  root.replaceChildren(h('h1', {}, p.name), h('p', {}, p.description ?? ''), productCard(p));
  if (p.stock > 0) return;
  const recommended = await api.request(RecommendedProductsDocument, { productId: id, limit: 4 });
  if (recommended.kind === 'data' && recommended.data.recommendedProducts.length > 0) {
    root.append(h('h2', {}, 'Recommended instead'), h('div', { class: 'grid' }, ...recommended.data.recommendedProducts.map(productCard)));
  }
}

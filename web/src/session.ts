import { createStampedeClient } from '@stampede/client';

/**
 * The API this storefront talks to: `?api=` in the page URL (kept for the session), else the build's
 * VITE_STAMPEDE_URL, else the local default. Its origin differs from the storefront's, so every
 * call is a CORS call.
 */
function apiUrl(): string {
  const fromQuery = new URLSearchParams(location.search).get('api');
  if (fromQuery) sessionStorage.setItem('stampede:api', fromQuery);
  return sessionStorage.getItem('stampede:api') ?? import.meta.env.VITE_STAMPEDE_URL ?? 'http://localhost:4000/graphql';
}

const TOKEN = 'stampede:token';
export const api = createStampedeClient({ url: apiUrl(), token: () => localStorage.getItem(TOKEN) });

export const session = {
  signedIn: () => localStorage.getItem(TOKEN) !== null,
  signIn(token: string) {
    localStorage.setItem(TOKEN, token);
  },
  signOut() {
    localStorage.removeItem(TOKEN);
  },
};

export interface CartLine { productId: string; name: string; price: number; quantity: number }

export const cart = {
  lines(): CartLine[] {
    return JSON.parse(localStorage.getItem('stampede:cart') ?? '[]') as CartLine[];
  },
  save(lines: CartLine[]) {
    localStorage.setItem('stampede:cart', JSON.stringify(lines));
    document.getElementById('cart-count')!.textContent = lines.length ? `(${lines.reduce((n, l) => n + l.quantity, 0)})` : '';
  },
  add(line: Omit<CartLine, 'quantity'>) {
    const lines = cart.lines();
    const existing = lines.find((l) => l.productId === line.productId);
    if (existing) existing.quantity += 1;
    else lines.push({ ...line, quantity: 1 });
    cart.save(lines);
  },
  clear() {
    cart.save([]);
  },
};

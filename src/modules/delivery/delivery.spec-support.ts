import { fakeWorld, type FakeWorld } from '../../../test/support/fakes';
import { fakeDelivery, type FakeDelivery } from '../../../test/support/fakes/fake-delivery';
import type { MenuItem, Store } from './domain/store';

export const MERCHANT = '018f0000-0000-7000-8000-00000000000a';
export const OTHER_MERCHANT = '018f0000-0000-7000-8000-00000000000b';
export const CUSTOMER = '018f0000-0000-7000-8000-00000000000c';
export const STORE = '018f0000-0000-7000-8000-000000000001';
export const OTHER_STORE = '018f0000-0000-7000-8000-000000000002';
export const KIMBAP = '018f0000-0000-7000-8000-000000000011';
export const RAMYEON = '018f0000-0000-7000-8000-000000000012';
export const SOLD_OUT = '018f0000-0000-7000-8000-000000000013';
export const ELSEWHERE = '018f0000-0000-7000-8000-000000000021';
export const CITY_HALL = { lat: 37.5663, lng: 126.9779 };
export const NEARBY = { lat: 37.5763, lng: 126.9779 };

export type Shop = FakeWorld & { d: FakeDelivery; state(): unknown };

/** A world with two stores (3 km radius) and their menus, seeded without a transaction. */
export function deliveryShop(): Shop {
  const w = fakeWorld('2026-03-01T03:00:00.000Z');
  const d = fakeDelivery(w);
  const store = (id: string, merchantId: string): Store => ({
    id, merchantId, name: 'Kimbap Heaven', description: '', address: 'Sejong-daero', location: CITY_HALL, deliveryRadiusKm: 3,
    openingHours: [], version: 1, createdAt: new Date('2026-01-01T00:00:00Z'),
  });
  const item = (id: string, storeId: string, name: string, price: number, available = true): MenuItem => ({ id, storeId, name, description: '', price, available, version: 1 });
  d.stores.stores.set(STORE, store(STORE, MERCHANT));
  d.stores.stores.set(OTHER_STORE, store(OTHER_STORE, OTHER_MERCHANT));
  for (const m of [item(KIMBAP, STORE, 'Tuna kimbap', 4_500), item(RAMYEON, STORE, 'Ramyeon', 5_000), item(SOLD_OUT, STORE, 'Soup', 7_000, false), item(ELSEWHERE, OTHER_STORE, 'Pizza', 20_000)]) {
    d.stores.items.set(m.id, m);
  }
  const worldState = w.state;
  return Object.assign(w, { d, state: () => [worldState(), d.stores.snapshot(), d.orders.snapshot(), d.steps.snapshot()] });
}

export const order = (overrides: Record<string, unknown> = {}) => ({
  storeId: STORE, items: [{ menuItemId: KIMBAP, quantity: 2 }, { menuItemId: RAMYEON, quantity: 1 }], deliveryAddress: 'Seoul Plaza',
  deliveryLocation: NEARBY, cardToken: 'tok_ok', idempotencyKey: 'order-1', ...overrides,
});

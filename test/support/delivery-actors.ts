import { randomUUID } from 'node:crypto';
import { AddMenuItemDocument, PlaceDeliveryOrderDocument, RegisterStoreDocument, SignUpDocument, type SignUpRole } from '../generated/graphql';
import type { TestApp } from './test-app';

/** Seoul City Hall: stores and customers of the delivery specs are placed around it. */
export const CITY_HALL = { lat: 37.5663, lng: 126.9779 };
/** ~1.1 km north of City Hall. */
export const NEARBY = { lat: 37.5763, lng: 126.9779 };
export const ALWAYS_OPEN = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opensAt: '00:00', closesAt: '00:00' }));

export async function signUpAs(app: TestApp, role: SignUpRole, name = role.toLowerCase()): Promise<{ token: string; id: string }> {
  const email = `${name}-${randomUUID()}@example.test`;
  const { signUp } = await app.ok(SignUpDocument, { input: { email, password: 'correct horse battery', name, role } });
  if (!signUp.token || !signUp.user) throw new Error(`sign-up failed: ${JSON.stringify(signUp.userErrors)}`);
  return { token: signUp.token, id: signUp.user.id };
}

/** A merchant's open store near City Hall (3 km radius) with two menu items. */
export async function storeWithMenu(app: TestApp, merchantToken: string, location = CITY_HALL) {
  const { registerStore } = await app.ok(RegisterStoreDocument, {
    input: { name: 'Kimbap Heaven', description: 'rolls', address: 'Sejong-daero 110', location, deliveryRadiusKm: 3, openingHours: ALWAYS_OPEN },
  }, merchantToken);
  if (!registerStore.store) throw new Error(`registerStore failed: ${JSON.stringify(registerStore.userErrors)}`);
  const add = async (name: string, price: number, available = true) => {
    const { addMenuItem } = await app.ok(AddMenuItemDocument, { input: { storeId: registerStore.store!.id, name, price, available, description: '' } }, merchantToken);
    if (!addMenuItem.menuItem) throw new Error(`addMenuItem failed: ${JSON.stringify(addMenuItem.userErrors)}`);
    return addMenuItem.menuItem;
  };
  const kimbap = await add('Tuna kimbap', 4_500);
  const ramyeon = await add('Ramyeon', 5_000);
  return { store: registerStore.store, kimbap, ramyeon, add };
}

export const orderInput = (storeId: string, items: Array<{ menuItemId: string; quantity: number }>, overrides: Record<string, unknown> = {}) => ({
  storeId, items, deliveryAddress: 'Seoul Plaza, bench 3', deliveryLocation: NEARBY, cardToken: 'tok_ok', idempotencyKey: randomUUID(), ...overrides,
});

export async function placeOrder(app: TestApp, token: string, input: ReturnType<typeof orderInput>) {
  return (await app.ok(PlaceDeliveryOrderDocument, { input } as never, token)).placeDeliveryOrder;
}

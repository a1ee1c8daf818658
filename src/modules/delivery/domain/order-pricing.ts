import type { MenuItem, Store } from './store';
import { distanceKm, type LatLng } from './geo';
import { MAX_ITEMS_PER_ORDER, type DeliveryOrderLine } from './delivery-order';
import { menuItemNotFound, menuItemUnavailable, multipleStores, outOfDeliveryArea, tooManyItems } from './delivery-errors';

export interface RequestedItem {
  menuItemId: string;
  quantity: number;
}

/** Same item twice in a request: one line with the quantities added (the index kept is the first one's, for error fields). */
export function mergeLines(items: readonly RequestedItem[]): Array<RequestedItem & { index: number }> {
  const merged = new Map<string, RequestedItem & { index: number }>();
  items.forEach((item, index) => {
    const id = item.menuItemId.toLowerCase();
    const seen = merged.get(id);
    if (seen) seen.quantity += item.quantity;
    else merged.set(id, { menuItemId: id, quantity: item.quantity, index });
  });
  return [...merged.values()];
}

/** TOO_MANY_ITEMS counts quantities: two of one item are two items. Checked before anything is read. */
export function assertItemCount(items: readonly RequestedItem[]): void {
  const count = items.reduce((sum, i) => sum + i.quantity, 0);
  if (count > MAX_ITEMS_PER_ORDER) throw tooManyItems(MAX_ITEMS_PER_ORDER, count);
}

/**
 * Lines priced from the write model's menu (never from the client): every item must exist, be
 * of this store (MULTIPLE_STORES otherwise) and be available; the address within the radius.
 */
export function priceDeliveryOrder(
  store: Store, menu: ReadonlyMap<string, MenuItem>, items: ReadonlyArray<RequestedItem & { index: number }>, to: LatLng,
): { lines: DeliveryOrderLine[]; total: number } {
  const lines = items.map(({ menuItemId, quantity, index }) => {
    const item = menu.get(menuItemId);
    if (!item) throw menuItemNotFound(['input', 'items', String(index), 'menuItemId']);
    if (item.storeId !== store.id) throw multipleStores(index);
    if (!item.available) throw menuItemUnavailable(index, item.name);
    return { menuItemId, name: item.name, quantity, unitPrice: item.price, lineTotal: item.price * quantity };
  });
  const distance = distanceKm(store.location, to);
  if (distance > store.deliveryRadiusKm) throw outOfDeliveryArea(distance, store.deliveryRadiusKm);
  return { lines: lines.sort((a, b) => (a.menuItemId < b.menuItemId ? -1 : 1)), total: lines.reduce((s, l) => s + l.lineTotal, 0) };
}

import { newId } from '../../../../shared/ids';
import type { MenuItem } from '../../domain/store';
import { notYourStore, storeNotFound } from '../../domain/delivery-errors';
import { menuItemAdded } from '../../events';
import type { DeliveryDeps } from '../../delivery.deps';
import type { AddMenuItemInput } from './add-menu-item.input';

/** Only the store's own merchant adds to its menu. */
export async function addMenuItem(deps: DeliveryDeps, merchantId: string, input: AddMenuItemInput): Promise<MenuItem> {
  return deps.transactions.withTransaction(async (tx) => {
    const store = await deps.stores.byId(tx, input.storeId.toLowerCase());
    if (!store) throw storeNotFound();
    if (store.merchantId !== merchantId) throw notYourStore();
    const now = deps.clock.now();
    const item: MenuItem = {
      id: newId(now.getTime()), storeId: store.id, name: input.name.trim(), description: input.description.trim(), price: input.price,
      available: input.available, version: 1,
    };
    await Promise.all([deps.stores.insertMenuItem(tx, item), deps.outbox.append(tx, [menuItemAdded(item, now)])]);
    return item;
  });
}

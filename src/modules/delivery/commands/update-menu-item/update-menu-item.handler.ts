import type { MenuItem } from '../../domain/store';
import { menuItemNotFound, notYourStore, staleVersion } from '../../domain/delivery-errors';
import { menuItemUpdated } from '../../events';
import type { DeliveryDeps } from '../../delivery.deps';
import type { UpdateMenuItemInput } from './update-menu-item.input';

/** A version-guarded edit by the store's merchant: a stale expectedVersion is CONFLICT, never a lost update. */
export async function updateMenuItem(deps: DeliveryDeps, merchantId: string, input: UpdateMenuItemInput): Promise<MenuItem> {
  return deps.transactions.withTransaction(async (tx) => {
    const current = await deps.stores.lockMenuItem(tx, input.id.toLowerCase());
    if (!current) throw menuItemNotFound(['input', 'id']);
    if (current.merchantId !== merchantId) throw notYourStore(['input', 'id']);
    if (current.version !== input.expectedVersion) throw staleVersion(current.version);
    const { merchantId: _, ...item } = current;
    const next: MenuItem = {
      ...item, name: input.name?.trim() ?? item.name, description: input.description?.trim() ?? item.description,
      price: input.price ?? item.price, available: input.available ?? item.available, version: item.version + 1,
    };
    const [saved] = await Promise.all([deps.stores.updateMenuItem(tx, item.version, next), deps.outbox.append(tx, [menuItemUpdated(next, deps.clock.now())])]);
    if (!saved) throw staleVersion(item.version + 1);
    return next;
  });
}

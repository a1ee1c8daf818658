import { newId } from '../../../../shared/ids';
import type { Store } from '../../domain/store';
import { storeRegistered } from '../../events';
import type { DeliveryDeps } from '../../delivery.deps';
import type { RegisterStoreInput } from './register-store.input';

/** A merchant opens a store: the row and StoreRegistered in one transaction. */
export async function registerStore(deps: DeliveryDeps, merchantId: string, input: RegisterStoreInput): Promise<Store> {
  const now = deps.clock.now();
  const store: Store = {
    id: newId(now.getTime()), merchantId, name: input.name.trim(), description: input.description.trim(), address: input.address.trim(),
    location: { lat: input.location.lat, lng: input.location.lng }, deliveryRadiusKm: input.deliveryRadiusKm,
    openingHours: input.openingHours.map((w) => ({ dayOfWeek: w.dayOfWeek, opensAt: w.opensAt, closesAt: w.closesAt })),
    version: 1, createdAt: now,
  };
  await deps.transactions.withTransaction((tx) => Promise.all([deps.stores.insert(tx, store), deps.outbox.append(tx, [storeRegistered(store)])]));
  return store;
}

/** What the store read model answers: a store with its whole menu (menus are short). */
export interface MenuItemRead {
  id: string;
  storeId: string;
  name: string;
  description: string;
  price: number;
  available: boolean;
  version: number;
}

export interface StoreRead {
  id: string;
  merchantId: string;
  name: string;
  description: string;
  address: string;
  location: { lat: number; lng: number };
  deliveryRadiusKm: number;
  openingHours: Array<{ dayOfWeek: number; opensAt: string; closesAt: string }>;
  version: number;
  menu: MenuItemRead[];
  /** From the point asked about (stores(near:) only). */
  distanceKm?: number;
}

/**
 * The document's revision: the store's version plus every menu item's. Each change raises one
 * of them and none ever falls, so a higher revision is always a later state (the cache keeps
 * the highest it has seen; see store.cache.ts).
 */
export const revisionOf = (s: Pick<StoreRead, 'version' | 'menu'>) => s.version + s.menu.reduce((sum, m) => sum + m.version, 0);

export interface StoresPage {
  stores: StoreRead[];
  hasNextPage: boolean;
  totalCount: number;
}

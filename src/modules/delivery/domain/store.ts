import type { LatLng } from './geo';

/** One opening window on a weekday (0 = Sunday), in the store's local time "HH:MM"; closesAt ≤ opensAt runs past midnight. */
export interface OpeningWindow {
  dayOfWeek: number;
  opensAt: string;
  closesAt: string;
}

export interface Store {
  id: string;
  merchantId: string;
  name: string;
  description: string;
  address: string;
  location: LatLng;
  deliveryRadiusKm: number;
  openingHours: OpeningWindow[];
  version: number;
  createdAt: Date;
}

export interface MenuItem {
  id: string;
  storeId: string;
  name: string;
  description: string;
  price: number;
  available: boolean;
  version: number;
}

/** Stores keep Korean time (UTC+9, no daylight saving); part 2 may give each store its own zone. */
const STORE_UTC_OFFSET_MINUTES = 9 * 60;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `now` falls in one of the windows (a window past midnight counts on its start day). */
export function isOpenAt(hours: readonly OpeningWindow[], now: Date): boolean {
  const local = new Date(now.getTime() + STORE_UTC_OFFSET_MINUTES * 60_000);
  const day = local.getUTCDay();
  const at = local.getUTCHours() * 60 + local.getUTCMinutes();
  return hours.some((w) => {
    const open = minutes(w.opensAt);
    const close = minutes(w.closesAt);
    if (close > open) return w.dayOfWeek === day && at >= open && at < close;
    // Past midnight: from opensAt on its day, until closesAt on the next day.
    return (w.dayOfWeek === day && at >= open) || ((w.dayOfWeek + 1) % 7 === day && at < close);
  });
}

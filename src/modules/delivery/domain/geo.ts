/** A point on the earth in degrees. Plain lat/lng until PostGIS arrives (Delivery, part 2). */
export interface LatLng {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/**
 * Great-circle distance (haversine), the same formula as the SQL in projections/store: on a
 * sphere, good to ~0.5 % (a few metres inside a delivery radius), which is all a radius check needs.
 */
export function distanceKm(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Events carry integers only: degrees × 10⁶ (≈ 0.1 m). */
export const toE6 = (deg: number) => Math.round(deg * 1e6);
export const fromE6 = (e6: number) => e6 / 1e6;

import { distanceKm } from './geo';
import { isOpenAt } from './store';
import { canMove, DELIVERY_ORDER_STATUSES } from './delivery-order';

describe('delivery domain', () => {
  it('haversine: Seoul City Hall to Gangnam station ≈ 8.8 km; a point to itself 0', () => {
    expect(distanceKm({ lat: 37.5663, lng: 126.9779 }, { lat: 37.4979, lng: 127.0276 })).toBeCloseTo(8.8, 0);
    expect(distanceKm({ lat: 37.5, lng: 127 }, { lat: 37.5, lng: 127 })).toBe(0);
  });

  it('opening hours in KST, a window past midnight counting on its start day', () => {
    const hours = [{ dayOfWeek: 1, opensAt: '10:00', closesAt: '22:00' }, { dayOfWeek: 5, opensAt: '18:00', closesAt: '02:00' }];
    expect(isOpenAt(hours, new Date('2026-03-02T01:00:00Z'))).toBe(true); // Monday 10:00 KST
    expect(isOpenAt(hours, new Date('2026-03-02T00:59:00Z'))).toBe(false); // Monday 09:59 KST
    expect(isOpenAt(hours, new Date('2026-03-06T16:30:00Z'))).toBe(true); // Saturday 01:30 KST, Friday's window
    expect(isOpenAt(hours, new Date('2026-03-06T17:00:00Z'))).toBe(false); // Saturday 02:00 KST
  });

  it('terminal statuses go nowhere; cooking cannot be cancelled', () => {
    for (const from of ['COMPLETED', 'REJECTED', 'CANCELLED'] as const) expect(DELIVERY_ORDER_STATUSES.filter((to) => canMove(from, to))).toEqual([]);
    expect(canMove('COOKING', 'CANCELLED')).toBe(false);
    expect(canMove('ACCEPTED', 'CANCELLED')).toBe(true);
  });
});

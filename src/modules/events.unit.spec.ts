import { EventSchemas } from '../shared/event-schema';
import { newId } from '../shared/ids';
import { modules } from '.';
import { stockChanged } from './catalog';
import { couponCampaignCreated, couponIssued } from './coupons/events';
import { openOrder, markCancelled, markExpired, markPaid } from './ordering/domain/order';
import { orderCancelled, orderExpired, orderPaid, orderPlaced } from './ordering/events';

/**
 * The event factories of every module make events their module's schemas accept (the same
 * check the test run applies to every outbox row, see test/outbox-contract.ts, here without a
 * database so a drift shows at once).
 */
const schemas = new EventSchemas(modules.flatMap((m) => m.events ?? []));
const now = new Date('2026-11-20T10:00:00.000Z');

describe('module event schemas', () => {
  it('hold every event factory output, as it travels (JSON)', () => {
    const lines = [{ productId: newId(), productName: 'Keyboard', unitPrice: 25_000, quantity: 2, lineTotal: 50_000 }];
    const placed = openOrder({ id: newId(), userId: newId(), lines, discount: 0, couponId: null, now, holdSeconds: 600 });
    const paid = markPaid(placed, newId(), now);
    const events = [
      stockChanged(newId(), { available: 3, version: 2 }, -1, 'HELD', now),
      orderPlaced({ ...placed, couponId: newId() }, now),
      orderPaid(paid, now),
      orderCancelled(markCancelled(paid, now), 'PAID', paid.total, now),
      orderCancelled(markCancelled(placed, now), 'PENDING', 0, now),
      orderExpired(markExpired(placed), now),
      couponCampaignCreated(newId(), {
        name: 'Ten off', discountType: 'FIXED', discountValue: 10, totalQuantity: 5, startsAt: now.toISOString(),
        endsAt: now.toISOString(), couponValidDays: 7, minOrderAmount: 0,
      }, now),
      couponIssued({ id: newId(), version: 2 }, {
        couponId: newId(), campaignId: newId(), userId: newId(), issuedAt: now.toISOString(), expiresAt: now.toISOString(), issuedQuantity: 1,
      }, now),
    ];
    for (const event of events) expect([event.type, schemas.problems(JSON.parse(JSON.stringify(event)))]).toEqual([event.type, []]);
  });

  it('declare each event type once, all of them', () => {
    expect(schemas.size).toBeGreaterThanOrEqual(9);
  });
});

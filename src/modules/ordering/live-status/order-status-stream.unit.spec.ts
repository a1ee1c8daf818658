import type { Pool } from 'pg';
import { createAppPubSub } from '../../../graphql/pubsub';
import { newId } from '../../../shared/ids';
import { Role } from '../../identity/domain/user';
import { makeEvent } from '../../../shared/event';
import { OrderStatus } from './order-status.enum';
import { ORDER_STATUS_CHANGED, statusChangeOf } from './order-status-fanout';
import { orderStatusStream } from './order-status-stream';

const owner = { id: newId(), role: Role.CUSTOMER };
const created = new Date('2026-01-01T00:00:00Z');

function fakePool(row: Record<string, unknown> | undefined, onQuery?: () => void): Pool {
  return { query: async () => (onQuery?.(), { rows: row ? [row] : [] }) } as unknown as Pool;
}
const pendingRow = (userId = owner.id) => ({
  user_id: userId, status: 'PENDING', version: 1, created_at: created, paid_at: null, cancelled_at: null, expires_at: created,
});
const change = (orderId: string, status: OrderStatus, previousStatus: OrderStatus | null, version: number) =>
  ({ orderId, status, previousStatus, occurredAt: new Date(), version });

describe('orderStatusStream', () => {
  it('sends the current status, then only newer changes, and keeps a change published while the snapshot was read', async () => {
    const pubSub = createAppPubSub();
    const orderId = newId();
    // Published during the snapshot read: must not be lost.
    const pool = fakePool(pendingRow(), () => pubSub.publish(ORDER_STATUS_CHANGED, orderId, change(orderId, OrderStatus.PAID, OrderStatus.PENDING, 2)));
    const stream = await orderStatusStream(pool, pubSub, owner, orderId);
    expect((await stream.next()).value).toMatchObject({ status: 'PENDING', previousStatus: null, version: 1, occurredAt: created });
    expect((await stream.next()).value).toMatchObject({ status: 'PAID', version: 2 });
    const third = stream.next();
    pubSub.publish(ORDER_STATUS_CHANGED, orderId, change(orderId, OrderStatus.PAID, OrderStatus.PENDING, 2)); // repeat: dropped
    pubSub.publish(ORDER_STATUS_CHANGED, newId(), change(orderId, OrderStatus.EXPIRED, OrderStatus.PENDING, 9)); // another order
    pubSub.publish(ORDER_STATUS_CHANGED, orderId, change(orderId, OrderStatus.CANCELLED, OrderStatus.PAID, 3));
    expect((await third).value).toMatchObject({ status: 'CANCELLED', previousStatus: 'PAID', version: 3 });
    await stream.return!();
  });

  it('return() ends a subscription that is waiting for a change, at once', async () => {
    const pubSub = createAppPubSub();
    const stream = await orderStatusStream(fakePool(pendingRow()), pubSub, owner, newId());
    await stream.next();
    const waiting = stream.next();
    await stream.return!();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });

  it('refuses strangers, unknown orders and non-ids alike; admins may watch any order', async () => {
    const pubSub = createAppPubSub();
    const stranger = { id: newId(), role: Role.CUSTOMER };
    await expect(orderStatusStream(fakePool(pendingRow()), pubSub, stranger, newId())).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(orderStatusStream(fakePool(undefined), pubSub, owner, newId())).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(orderStatusStream(fakePool(pendingRow()), pubSub, owner, 'x')).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const admin = await orderStatusStream(fakePool(pendingRow()), pubSub, { id: newId(), role: Role.ADMIN }, newId());
    expect((await admin.next()).value).toMatchObject({ status: 'PENDING' });
    await admin.return!();
  });

  it('derives the previous status of a snapshot from the lifecycle', async () => {
    const pubSub = createAppPubSub();
    const paidAt = new Date('2026-01-01T00:01:00Z');
    const cancelledAt = new Date('2026-01-01T00:02:00Z');
    const cases = [
      [{ status: 'PAID', paid_at: paidAt }, 'PENDING', paidAt],
      [{ status: 'CANCELLED', paid_at: paidAt, cancelled_at: cancelledAt }, 'PAID', cancelledAt],
      [{ status: 'CANCELLED', cancelled_at: cancelledAt }, 'PENDING', cancelledAt],
      [{ status: 'EXPIRED' }, 'PENDING', created],
    ] as const;
    for (const [patch, previousStatus, occurredAt] of cases) {
      const stream = await orderStatusStream(fakePool({ ...pendingRow(), ...patch }), pubSub, owner, newId());
      expect((await stream.next()).value).toMatchObject({ status: patch.status, previousStatus, occurredAt });
      await stream.return!();
    }
  });
});

describe('statusChangeOf', () => {
  const orderId = newId();
  const at = new Date('2026-01-01T00:00:00Z');
  it('OrderPlaced is PENDING with no previous status; later events carry theirs', () => {
    expect(statusChangeOf(makeEvent('OrderPlaced', { type: 'Order', id: orderId, version: 1 }, at, { status: 'PENDING' })))
      .toEqual({ orderId, status: 'PENDING', previousStatus: null, occurredAt: at, version: 1 });
    expect(statusChangeOf(makeEvent('OrderExpired', { type: 'Order', id: orderId, version: 2 }, at, { status: 'EXPIRED', previousStatus: 'PENDING' })))
      .toMatchObject({ status: 'EXPIRED', previousStatus: 'PENDING', version: 2 });
  });
  it('ignores events of other aggregates and unknown statuses', () => {
    expect(statusChangeOf(makeEvent('StockChanged', { type: 'Stock', id: orderId, version: 1 }, at, { status: 'PAID' }))).toBeNull();
    expect(statusChangeOf(makeEvent('OrderShipped', { type: 'Order', id: orderId, version: 3 }, at, { status: 'SHIPPED' }))).toBeNull();
  });
});

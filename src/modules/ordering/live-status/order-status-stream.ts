import type { Pool } from 'pg';
import { GraphQLError } from 'graphql';
import type { AuthUser } from '../../identity';
import { isId } from '../../../shared/ids';
import type { AppPubSub } from '../../../graphql/pubsub';
import { OrderStatus, isOrderStatus } from './order-status.enum';
import type { OrderStatusChangePayload } from './order-status-change.type';
import { ORDER_STATUS_CHANGED } from './order-status-fanout';

interface OrderRow {
  user_id: string;
  status: string;
  version: number;
  created_at: Date;
  paid_at: Date | null;
  cancelled_at: Date | null;
  expires_at: Date;
}

/** Same answer for "no such order" and "not yours": a subscriber learns nothing about others' orders. */
const forbidden = () => new GraphQLError('You may not watch this order', { extensions: { code: 'FORBIDDEN' } });

/**
 * The stream behind `orderStatusChanged`: first the order's current status (read from the write
 * model), then every later change the NATS fan-out publishes, skipping any change whose version
 * is not newer than what was already sent. The PubSub subscription starts before the current
 * status is read, so a change committed in between is not lost, and not sent twice.
 */
export async function orderStatusStream(
  pool: Pool, pubSub: AppPubSub, user: AuthUser, orderId: string,
): Promise<AsyncIterableIterator<OrderStatusChangePayload>> {
  if (!isId(orderId)) throw forbidden();
  const live = pubSub.subscribe(ORDER_STATUS_CHANGED, orderId);
  // A Repeater starts listening on its first next(); start it now, before the snapshot read.
  let pending: Promise<IteratorResult<OrderStatusChangePayload>> | null = live.next();
  let row: OrderRow | undefined;
  try {
    row = (await pool.query<OrderRow>(
      'select user_id, status, version, created_at, paid_at, cancelled_at, expires_at from orders where id = $1',
      [orderId],
    )).rows[0];
  } catch (err) {
    await live.return();
    throw err;
  }
  if (!row || (row.user_id !== user.id && user.role !== 'ADMIN') || !isOrderStatus(row.status)) {
    await live.return();
    throw forbidden();
  }

  const current = snapshot(orderId, row);
  let sentVersion = current.version;
  let sentSnapshot = false;
  // A plain iterator rather than an async generator: return() must end a subscription that is
  // waiting for the next change at once (a generator would wait for that change first).
  const iterator: AsyncIterableIterator<OrderStatusChangePayload> = {
    async next() {
      if (!sentSnapshot) {
        sentSnapshot = true;
        return { done: false, value: current };
      }
      for (;;) {
        const result = await (pending ?? live.next());
        pending = null;
        if (result.done) return { done: true, value: undefined };
        if (result.value.version > sentVersion) {
          sentVersion = result.value.version;
          return result;
        }
      }
    },
    async return() {
      await live.return();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** The order's current status as a change, its previous status derived from the lifecycle. */
function snapshot(orderId: string, row: OrderRow): OrderStatusChangePayload {
  const status = row.status as OrderStatus;
  const [previousStatus, occurredAt] = {
    [OrderStatus.PENDING]: [null, row.created_at],
    [OrderStatus.PAID]: [OrderStatus.PENDING, row.paid_at ?? row.created_at],
    [OrderStatus.CANCELLED]: [row.paid_at ? OrderStatus.PAID : OrderStatus.PENDING, row.cancelled_at ?? row.created_at],
    [OrderStatus.EXPIRED]: [OrderStatus.PENDING, row.expires_at],
  }[status] as [OrderStatus | null, Date];
  return { orderId, status, previousStatus, occurredAt, version: row.version };
}

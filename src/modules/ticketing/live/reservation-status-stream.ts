import type { Pool } from 'pg';
import { GraphQLError } from 'graphql';
import type { AuthUser } from '../../identity';
import { isId } from '../../../shared/ids';
import type { AppPubSub } from '../../../graphql/pubsub';
import type { ReservationStatus } from '../domain/reservation';
import type { ReservationStatusChangePayload } from './ticketing-live.types';
import { RESERVATION_STATUS_CHANGED } from './ticketing-fanout';

interface ReservationRow {
  user_id: string;
  status: ReservationStatus;
  version: number;
  created_at: Date;
  paid_at: Date | null;
  expires_at: Date;
}

/** Same answer for "no such reservation" and "not yours": a subscriber learns nothing about others' reservations. */
const forbidden = () => new GraphQLError('You may not watch this reservation', { extensions: { code: 'FORBIDDEN' } });

/**
 * The stream behind `reservationStatusChanged`: the reservation's current status first (from
 * the write model), then every later change the NATS fan-out publishes whose version is newer
 * than what was sent. The PubSub subscription starts before the current status is read, so a
 * change committed in between is neither lost nor sent twice. Owner only.
 */
export async function reservationStatusStream(
  pool: Pool, pubSub: AppPubSub, user: AuthUser, reservationId: string,
): Promise<AsyncIterableIterator<ReservationStatusChangePayload>> {
  if (!isId(reservationId)) throw forbidden();
  const id = reservationId.toLowerCase();
  const live = pubSub.subscribe(RESERVATION_STATUS_CHANGED, id);
  // A Repeater starts listening on its first next(); start it now, before the snapshot read.
  let pending: Promise<IteratorResult<ReservationStatusChangePayload>> | null = live.next();
  let row: ReservationRow | undefined;
  try {
    row = (await pool.query<ReservationRow>('select user_id, status, version, created_at, paid_at, expires_at from reservations where id = $1', [id])).rows[0];
  } catch (err) {
    await live.return();
    throw err;
  }
  if (!row || row.user_id !== user.id) {
    await live.return();
    throw forbidden();
  }

  const current = snapshot(id, row);
  let sentVersion = current.version;
  let sentSnapshot = false;
  // A plain iterator rather than an async generator: return() must end a subscription that is
  // waiting for the next change at once (a generator would wait for that change first).
  const iterator: AsyncIterableIterator<ReservationStatusChangePayload> = {
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

/** The current status as a change; its previous status follows from the lifecycle (see domain/reservation.ts). */
function snapshot(reservationId: string, row: ReservationRow): ReservationStatusChangePayload {
  const [previousStatus, occurredAt] = ({
    HELD: [null, row.created_at],
    PAID: ['HELD', row.paid_at],
    EXPIRED: ['HELD', row.expires_at],
    RELEASED: ['HELD', null],
    CANCELLED: ['PAID', null],
  } as Record<ReservationStatus, [ReservationStatus | null, Date | null]>)[row.status];
  return { reservationId, status: row.status, previousStatus, occurredAt, version: row.version };
}

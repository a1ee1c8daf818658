import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Nats } from '../../../infrastructure/nats/nats';
import { subjectPrefix } from '../../../infrastructure/nats/nats';
import type { DomainEvent } from '../../../shared/event';
import type { AppPubSub } from '../../../graphql/pubsub';
import type { ReservationStatus } from '../domain/reservation';
import { RESERVATION_AGGREGATE, type TicketingEvent } from '../events';
import { SeatStatus } from '../queries/ticketing.types';
import type { ReservationStatusChangePayload, SeatsChangePayload } from './ticketing-live.types';

export const SEATS_CHANGED = 'SEATS_CHANGED';
export const RESERVATION_STATUS_CHANGED = 'RESERVATION_STATUS_CHANGED';

const STATUSES: readonly string[] = ['HELD', 'PAID', 'EXPIRED', 'RELEASED', 'CANCELLED'];
const isStatus = (v: unknown): v is ReservationStatus => typeof v === 'string' && STATUSES.includes(v);
const SEAT_STATUS_AFTER: Record<string, SeatStatus> = { SeatsHeld: SeatStatus.HELD, ReservationPaid: SeatStatus.SOLD, SeatsReleased: SeatStatus.AVAILABLE };

type ReservationEvent = TicketingEvent & { type: 'SeatsHeld' | 'ReservationPaid' | 'SeatsReleased' };

function reservationEventOf(event: DomainEvent): ReservationEvent | null {
  const data = event.data as { performanceId?: unknown; seats?: unknown; status?: unknown } | null;
  if (event.aggregateType !== RESERVATION_AGGREGATE || !Object.hasOwn(SEAT_STATUS_AFTER, event.type)) return null;
  if (typeof data?.performanceId !== 'string' || !Array.isArray(data.seats) || !isStatus(data.status)) return null;
  return event as ReservationEvent;
}

export function statusChangeOf(event: ReservationEvent): ReservationStatusChangePayload {
  return {
    reservationId: event.aggregateId, status: event.data.status, previousStatus: isStatus(event.data.previousStatus) ? event.data.previousStatus : null,
    occurredAt: new Date(event.occurredAt), version: event.aggregateVersion,
  };
}

/**
 * Which released seats are free now, from the write model. SeatsReleased names all the
 * reservation's seats, but when a hold expired someone may have held some of them before the
 * sweeper announced it; those are that reservation's now, and its own SeatsHeld told
 * subscribers so. (The module reads its own table; one indexed lookup per release event.)
 */
async function freeNow(pool: Pool, performanceId: string, numbers: number[]): Promise<Set<number>> {
  const { rows } = await pool.query<{ number: number }>(
    'select number from seats where performance_id = $1 and number = any($2::int[]) and reservation_id is null',
    [performanceId, numbers],
  );
  return new Set(rows.map((r) => r.number));
}

/**
 * Live fan-out of seat and reservation changes, one per API process: an ordered (ephemeral,
 * ack-less) JetStream consumer on `<prefix>.Reservation.>` delivering only new events,
 * republished into this process's PubSub, so a hold made through any API instance reaches the
 * `seatsChanged` / `reservationStatusChanged` subscribers of all of them. Messages are handled
 * one after another, in stream order. Per reservation, a seat change older than one already
 * published is dropped (the ids of the last `remember` reservations are kept).
 */
export class TicketingFanout {
  private messages?: ConsumerMessages;
  private queue: Promise<void> = Promise.resolve();
  private readonly published = new Map<string, number>();

  constructor(
    private readonly nats: Nats,
    private readonly pubSub: AppPubSub,
    private readonly pool: Pool,
    private readonly log: Logger,
    private readonly remember = 50_000,
  ) {}

  async start(): Promise<void> {
    const consumer = await this.nats.js.consumers.get(this.nats.stream, {
      filter_subjects: `${subjectPrefix(this.nats.stream)}.${RESERVATION_AGGREGATE}.>`,
      deliver_policy: DeliverPolicy.New,
    });
    this.messages = await consumer.consume({
      callback: (msg) => {
        this.queue = this.queue.then(() => this.handle(msg));
      },
    });
  }

  async stop(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await this.queue;
  }

  private async handle(msg: JsMsg): Promise<void> {
    let event: ReservationEvent | null;
    try {
      event = reservationEventOf(JSON.parse(Buffer.from(msg.data).toString('utf8')) as DomainEvent);
    } catch {
      this.log.warn({ subject: msg.subject }, 'undecodable Reservation event skipped by the live fan-out');
      return;
    }
    if (!event) return;
    try {
      await this.publish(event);
    } catch (err) {
      this.log.warn({ subject: msg.subject, err: (err as Error).message }, 'Reservation event not fanned out');
    }
  }

  /** Publishes one Reservation event: its status change always, its seats unless a newer event of the reservation went first. */
  async publish(event: ReservationEvent): Promise<void> {
    const change = statusChangeOf(event);
    this.pubSub.publish(RESERVATION_STATUS_CHANGED, change.reservationId, change);
    if ((this.published.get(change.reservationId) ?? 0) >= change.version) return;
    this.published.delete(change.reservationId);
    this.published.set(change.reservationId, change.version);
    if (this.published.size > this.remember) this.published.delete(this.published.keys().next().value!);

    const performanceId = event.data.performanceId.toLowerCase();
    let seats = event.data.seats;
    if (event.type === 'SeatsReleased') {
      try {
        const free = await freeNow(this.pool, performanceId, seats.map((s) => s.number));
        seats = seats.filter((s) => free.has(s.number));
      } catch (err) {
        // Postgres away: say what the event says (a seat someone else holds again may show free until their next change).
        this.log.warn({ err: (err as Error).message }, 'cannot check released seats; publishing them as the event has them');
      }
    }
    if (seats.length === 0) return;
    const status = SEAT_STATUS_AFTER[event.type];
    const payload: SeatsChangePayload = {
      performanceId, reservationId: change.reservationId, version: change.version,
      seats: seats.map((s) => ({ number: s.number, grade: s.grade, price: s.price, status })),
    };
    this.pubSub.publish(SEATS_CHANGED, performanceId, payload);
  }
}

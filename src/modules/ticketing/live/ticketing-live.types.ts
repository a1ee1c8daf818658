import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { ReservationStatus } from '../domain/reservation';
import { ReservationStatusEnum, type SeatStatus } from '../queries/ticketing.types';

/** What the fan-out publishes per Reservation event for `seatsChanged` subscribers of its performance. */
export interface SeatsChangePayload {
  performanceId: string;
  reservationId: string;
  /** The reservation's version after the event. */
  version: number;
  /** The seats whose status this event changed, with their status now. */
  seats: Array<{ number: number; grade: string; price: number; status: SeatStatus }>;
}

/** What travels to `reservationStatusChanged` subscribers. */
export interface ReservationStatusChangePayload {
  reservationId: string;
  status: ReservationStatus;
  previousStatus: ReservationStatus | null;
  /** Null in a first message whose moment the write model does not keep (a released or cancelled reservation). */
  occurredAt: Date | null;
  /** The reservation's version after the change; subscribers drop stale or repeated changes by it. */
  version: number;
}

@ObjectType('ReservationStatusChange', { description: 'One step of a reservation\'s lifecycle, pushed over graphql-ws' })
export class ReservationStatusChangeType implements ReservationStatusChangePayload {
  @Field(() => ID) reservationId!: string;
  @Field(() => ReservationStatusEnum) status!: ReservationStatus;
  @Field(() => ReservationStatusEnum, { nullable: true, description: 'Null for a new hold (HELD)' }) previousStatus!: ReservationStatus | null;
  @Field(() => Date, { nullable: true }) occurredAt!: Date | null;
  @Field(() => Int, { description: 'The reservation\'s version after this change' }) version!: number;
}

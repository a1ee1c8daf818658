import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../../graphql/user-error.type';
import type { Performance, TicketedEvent } from '../domain/performance';
import type { Reservation, ReservationStatus } from '../domain/reservation';

export enum SeatStatus { AVAILABLE = 'AVAILABLE', HELD = 'HELD', SOLD = 'SOLD' }
export enum ReservationStatusEnum { HELD = 'HELD', PAID = 'PAID', EXPIRED = 'EXPIRED', RELEASED = 'RELEASED', CANCELLED = 'CANCELLED' }
registerEnumType(SeatStatus, { name: 'SeatStatus' });
registerEnumType(ReservationStatusEnum, { name: 'ReservationStatus' });

@ObjectType('Event', { description: 'A concert, a train route, a lecture: something with performances and seats' })
export class EventType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() venue!: string;
  @Field() category!: string;
  @Field() createdAt!: Date;

  static from(e: TicketedEvent): EventType {
    return Object.assign(new EventType(), { ...e, createdAt: new Date(e.createdAt) });
  }
}

@ObjectType('Grade')
export class GradeType {
  @Field() name!: string;
  @Field(() => Int, { description: 'KRW per seat' }) price!: number;
  @Field(() => Int, { description: 'Seats in this grade' }) seats!: number;
  @Field(() => Int, { description: 'Seats of this grade free now (read model)' }) available!: number;
}

@ObjectType('Performance', { description: 'One date of an event (a departure, a lecture session) with numbered seats' })
export class PerformanceType {
  @Field(() => ID) id!: string;
  eventId!: string;
  @Field() startsAt!: Date;
  @Field() salesOpenAt!: Date;
  @Field(() => Int) seatCount!: number;
  @Field(() => Int) maxSeatsPerUser!: number;
  @Field(() => Int) holdSeconds!: number;
  grades!: Array<{ name: string; price: number; seats: number; firstSeat: number; lastSeat: number }>;

  static from(p: Pick<Performance, 'id' | 'eventId' | 'startsAt' | 'salesOpenAt' | 'seatCount' | 'maxSeatsPerUser' | 'holdSeconds' | 'grades'>): PerformanceType {
    return Object.assign(new PerformanceType(), { ...p, startsAt: new Date(p.startsAt), salesOpenAt: new Date(p.salesOpenAt) });
  }
}

@ObjectType('Seat')
export class SeatType {
  @Field(() => Int) number!: number;
  @Field() grade!: string;
  @Field(() => Int) price!: number;
  @Field(() => SeatStatus, { nullable: true, description: 'AVAILABLE | HELD | SOLD (read model; on a reservation: null)' }) status?: SeatStatus | null;
}

@ObjectType('Reservation', { description: 'Seats held for you until expiresAt, then paid, released, expired or cancelled' })
export class ReservationType {
  @Field(() => ID) id!: string;
  @Field(() => ReservationStatusEnum) status!: ReservationStatus;
  performanceId!: string;
  @Field(() => [SeatType]) seats!: SeatType[];
  @Field(() => Int, { description: 'KRW' }) total!: number;
  @Field() expiresAt!: Date;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) paidAt!: Date | null;

  static from(r: Reservation): ReservationType {
    return Object.assign(new ReservationType(), {
      id: r.id, status: r.status, performanceId: r.performanceId, seats: r.seats.map((s) => ({ ...s, status: null })), total: r.total,
      expiresAt: new Date(r.expiresAt), createdAt: new Date(r.createdAt), paidAt: r.paidAt ? new Date(r.paidAt) : null,
    });
  }
}

@ObjectType('ReservationPaymentRecord')
export class ReservationPaymentType {
  @Field(() => ID) id!: string;
  @Field(() => Int) amount!: number;
  @Field() paidAt!: Date;
}

@ObjectType() export class EventPayload {
  @Field(() => EventType, { nullable: true }) event!: EventType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
@ObjectType() export class PerformancePayload {
  @Field(() => PerformanceType, { nullable: true }) performance!: PerformanceType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
@ObjectType() export class ReservationPayload {
  @Field(() => ReservationType, { nullable: true }) reservation!: ReservationType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
@ObjectType() export class ReservationPaymentPayload {
  @Field(() => ReservationType, { nullable: true }) reservation!: ReservationType | null;
  @Field(() => ReservationPaymentType, { nullable: true }) payment!: ReservationPaymentType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

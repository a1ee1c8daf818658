import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../../graphql/connection';
import { EventType, ReservationType } from './ticketing.types';

export const EventConnection = Connection(EventType, 'Event');
export const ReservationConnection = Connection(ReservationType, 'Reservation');

@ObjectType('PerformanceGate', { description: 'The waiting room in front of a performance: enter its queue, then hold seats with your ACTIVE ticket' })
export class PerformanceGateType {
  @Field(() => ID) id!: string;
}

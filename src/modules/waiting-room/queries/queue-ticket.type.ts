import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { QueueTicketView } from '../waiting-room';
import { QueueTicketStatusEnum } from './waiting-room-enums';

@ObjectType('QueueTicket', { description: 'Your place in a waiting room. Keep reading it (or keep queueTicketChanged open): a WAITING ticket with no heartbeat for heartbeatGraceSeconds loses its place' })
export class QueueTicketType {
  @Field({ description: 'Pass it to the gated mutation once ACTIVE (and to queueTicket, queueTicketChanged, leaveQueue)' }) token!: string;
  @Field(() => ID) gateId!: string;
  @Field(() => QueueTicketStatusEnum) status!: QueueTicketStatusEnum;
  @Field(() => Int, { nullable: true, description: '1 = next in line; null unless WAITING (and, in a RANDOM_PREQUEUE gate, until it opens)' }) position!: number | null;
  @Field(() => Int, { nullable: true, description: 'From the measured admission rate; 0 once ACTIVE; null when nothing was measured yet' }) estimatedWaitSeconds!: number | null;
  @Field(() => Date, { nullable: true }) admittedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'ACTIVE: when the admission runs out; EXPIRED: when it ended' }) expiresAt!: Date | null;

  static from(view: QueueTicketView): QueueTicketType {
    return Object.assign(new QueueTicketType(), {
      token: view.token, gateId: view.ticket.gateId, status: view.status as QueueTicketStatusEnum, position: view.position,
      estimatedWaitSeconds: view.estimatedWaitSeconds, admittedAt: view.admittedAt, expiresAt: view.expiresAt,
    });
  }
}

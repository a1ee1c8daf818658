import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../../graphql/user-error.type';
import { GateType } from '../queries/gate.type';
import { QueueTicketType } from '../queries/queue-ticket.type';

@ObjectType()
export class GatePayload {
  @Field(() => GateType, { nullable: true }) gate!: GateType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class QueueTicketPayload {
  @Field(() => QueueTicketType, { nullable: true }) ticket!: QueueTicketType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

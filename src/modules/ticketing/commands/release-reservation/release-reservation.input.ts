import { Field, ID, InputType } from 'type-graphql';
import { IsUUID } from 'class-validator';

@InputType()
export class ReservationIdInput {
  @Field(() => ID) @IsUUID('all', { message: 'reservationId must be a reservation id' }) reservationId!: string;
}

import { Field, ID, InputType } from 'type-graphql';
import { IsUUID } from 'class-validator';
import { IdempotencyKeyRule } from '../../../../shared/idempotency-key.rule';

@InputType()
export class PayReservationInput {
  @Field(() => ID) @IsUUID('all', { message: 'reservationId must be a reservation id' }) reservationId!: string;
  @Field() @IdempotencyKeyRule() idempotencyKey!: string;
}

import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { FailedExportRow } from '../failed-exports.store';

@ObjectType('FailedExport', { description: 'An export to the data platform that failed every attempt and waits for an admin' })
export class FailedExportType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'Sent as the Idempotency-Key header' }) eventId!: string;
  @Field({ description: 'e.g. OrderPaid' }) eventType!: string;
  @Field(() => ID) orderId!: string;
  @Field({ description: 'The JSON body that will be sent, as text' }) payload!: string;
  @Field(() => Int, { description: 'Deliveries tried so far, resends included' }) attempts!: number;
  @Field() lastError!: string;
  @Field() failedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When a later delivery went through; null while still failing' })
  resentAt!: Date | null;

  static from(row: FailedExportRow): FailedExportType {
    return Object.assign(new FailedExportType(), {
      id: row.id, eventId: row.eventId, eventType: row.eventType, orderId: row.aggregateId,
      payload: JSON.stringify(row.payload), attempts: row.attempts, lastError: row.lastError,
      failedAt: row.failedAt, resentAt: row.resentAt,
    });
  }
}

import { newId } from './ids';

/** The envelope every event travels in: plain, versioned, serializable data. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  id: string;
  type: TType;
  schemaVersion: number;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: string;
  data: TData;
}

export function makeEvent<TType extends string, TData>(
  type: TType,
  aggregate: { type: string; id: string; version: number },
  occurredAt: Date,
  data: TData,
  schemaVersion = 1,
): DomainEvent<TType, TData> {
  return {
    id: newId(occurredAt.getTime()),
    type,
    schemaVersion,
    aggregateType: aggregate.type,
    aggregateId: aggregate.id,
    aggregateVersion: aggregate.version,
    occurredAt: occurredAt.toISOString(),
    data,
  };
}

/** Logical subject of an event, <AggregateType>.<EventType>; the relay adds the stream's prefix. */
export function subjectOf(event: Pick<DomainEvent, 'aggregateType' | 'type'>): string {
  return `${event.aggregateType}.${event.type}`;
}

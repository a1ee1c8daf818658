import { Entity, OptionalProps, PrimaryKey, Property, type EntityManager } from '@mikro-orm/core';
import { subjectOf, type DomainEvent } from './event';

/**
 * An event waiting to be published. Written in the aggregate's transaction; the relay
 * publishes it to JetStream (Nats-Msg-Id = id) and stamps published_at.
 * The table also has a `seq bigserial` (publish order) that the entity does not need.
 */
@Entity({ tableName: 'outbox' })
export class OutboxMessage {
  [OptionalProps]?: 'createdAt' | 'publishedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'json' })
  event!: DomainEvent;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date;
}

/** Queue events in the unit of work, so they commit (or roll back) with the aggregate. */
export function appendToOutbox(em: EntityManager, events: DomainEvent[]): void {
  for (const event of events) {
    em.persist(em.create(OutboxMessage, { id: event.id, subject: subjectOf(event), event }));
  }
}

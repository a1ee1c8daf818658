import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { DomainEvent } from './event';

/**
 * The `outbox` table as MikroORM knows it (schema metadata; rows are written by outbox.ts).
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

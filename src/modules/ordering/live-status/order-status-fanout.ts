import type { Logger } from 'pino';
import { DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Nats } from '../../../infrastructure/nats/nats';
import { subjectPrefix } from '../../../infrastructure/nats/nats';
import type { DomainEvent } from '../../../shared/event';
import type { AppPubSub } from '../../../graphql/pubsub';
import { isOrderStatus } from './order-status.enum';
import type { OrderStatusChangePayload } from './order-status-change.type';

export const ORDER_STATUS_CHANGED = 'ORDER_STATUS_CHANGED';

/**
 * Turns an Order event into a status change: every Order event that carries `status` is one
 * (OrderPlaced → PENDING with no previous status). Anything else is not for subscribers.
 */
export function statusChangeOf(event: DomainEvent): OrderStatusChangePayload | null {
  const data = event.data as { status?: unknown; previousStatus?: unknown } | null;
  if (event.aggregateType !== 'Order' || !isOrderStatus(data?.status)) return null;
  return {
    orderId: event.aggregateId,
    status: data.status,
    previousStatus: isOrderStatus(data.previousStatus) ? data.previousStatus : null,
    occurredAt: new Date(event.occurredAt),
    version: event.aggregateVersion,
  };
}

/**
 * Live fan-out, one per API process: an ordered (ephemeral, ack-less) JetStream consumer on
 * `<prefix>.Order.>` delivering only events published from now on, republished into this
 * process's PubSub for its graphql-ws subscribers. Every API instance runs one, so a change
 * made through any instance reaches subscribers on all of them. The ordered consumer recreates
 * itself after a NATS reconnect from the last sequence it saw, so a blip loses nothing.
 */
export class OrderStatusFanout {
  private messages?: ConsumerMessages;

  constructor(private readonly nats: Nats, private readonly pubSub: AppPubSub, private readonly log: Logger) {}

  async start(): Promise<void> {
    const consumer = await this.nats.js.consumers.get(this.nats.stream, {
      filter_subjects: `${subjectPrefix(this.nats.stream)}.Order.>`,
      deliver_policy: DeliverPolicy.New,
    });
    this.messages = await consumer.consume({ callback: (msg) => this.publish(msg) });
  }

  async stop(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
  }

  private publish(msg: JsMsg): void {
    try {
      const change = statusChangeOf(JSON.parse(Buffer.from(msg.data).toString('utf8')) as DomainEvent);
      if (change) this.pubSub.publish(ORDER_STATUS_CHANGED, change.orderId, change);
    } catch (err) {
      this.log.warn({ subject: msg.subject, err: (err as Error).message }, 'undecodable Order event skipped by the live fan-out');
    }
  }
}

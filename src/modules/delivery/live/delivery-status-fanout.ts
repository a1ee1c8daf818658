import type { Logger } from 'pino';
import { DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Nats } from '../../../infrastructure/nats/nats';
import { subjectPrefix } from '../../../infrastructure/nats/nats';
import type { DeliveryOrderEvent } from '../events';
import { DELIVERY_ORDER_AGGREGATE } from '../events';
import { DELIVERY_ORDER_STATUS_CHANGED, type DeliveryPubSub } from './delivery-status.types';

/**
 * The live-status fan-out of ordering (OrderStatusFanout), for delivery orders: one per API
 * process, an ordered ephemeral JetStream consumer on `<prefix>.DeliveryOrder.>` from now on,
 * republished into this process's delivery PubSub, so a change made through any instance reaches
 * subscribers on all of them. Payment-only events (captured, voided) change no status: not sent.
 */
export class DeliveryStatusFanout {
  private messages?: ConsumerMessages;

  constructor(private readonly nats: Nats, private readonly pubSub: DeliveryPubSub, private readonly log: Logger) {}

  async start(): Promise<void> {
    const consumer = await this.nats.js.consumers.get(this.nats.stream, {
      filter_subjects: `${subjectPrefix(this.nats.stream)}.${DELIVERY_ORDER_AGGREGATE}.>`,
      deliver_policy: DeliverPolicy.New,
    });
    this.messages = await consumer.consume({ callback: (msg) => this.publish(msg) });
  }

  async stop(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
  }

  private publish(msg: JsMsg): void {
    try {
      const event = JSON.parse(Buffer.from(msg.data).toString('utf8')) as DeliveryOrderEvent;
      if (event.data.status === event.data.previousStatus) return;
      this.pubSub.publish(DELIVERY_ORDER_STATUS_CHANGED, event.aggregateId, {
        orderId: event.aggregateId, status: event.data.status, previousStatus: event.data.previousStatus,
        occurredAt: new Date(event.occurredAt), version: event.aggregateVersion,
      });
    } catch (err) {
      this.log.warn({ subject: msg.subject, err: (err as Error).message }, 'undecodable DeliveryOrder event skipped by the live fan-out');
    }
  }
}

import type { ConsumerConfig, ConsumerInfo } from '@nats-io/jetstream';
import type { Nats } from './nats';

/**
 * Creates a durable consumer on the events stream unless it exists. Several processes may start
 * at once: one that finds the consumer created meanwhile by another is fine. Returns the info of
 * a consumer that already existed (so a caller can bring an old config up to date), undefined
 * when it was created now.
 */
export async function ensureDurableConsumer(
  nats: Nats, config: Partial<ConsumerConfig> & { durable_name: string },
): Promise<ConsumerInfo | undefined> {
  try {
    return await nats.jsm.consumers.info(nats.stream, config.durable_name);
  } catch {
    await nats.jsm.consumers.add(nats.stream, config).catch(async (err) => {
      // Created meanwhile by another process.
      await nats.jsm.consumers.info(nats.stream, config.durable_name).catch(() => Promise.reject(err));
    });
    return undefined;
  }
}

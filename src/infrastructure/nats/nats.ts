import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

export interface Nats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
}

export async function connectNats(url: string, stream: string, name: string): Promise<Nats> {
  const nc = await connect({
    servers: url,
    name,
    // Keep trying forever: the outbox holds events while NATS is away.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 3000,
  });
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, stream);
  return { nc, js: jetstream(nc), jsm, stream };
}

/** One stream for all domain events; subjects are events.<AggregateType>.<EventType>. */
async function ensureStream(jsm: JetStreamManager, name: string): Promise<void> {
  const subjects = [`${subjectPrefix(name)}.>`];
  try {
    await jsm.streams.info(name);
  } catch {
    try {
      await jsm.streams.add({ name, subjects, duplicate_window: 2 * 60 * 1_000_000_000 });
    } catch (err) {
      // Another process may have created it between our info and add.
      await jsm.streams.info(name).catch(() => Promise.reject(err));
    }
  }
}

/**
 * Subjects live under a per-stream prefix so several stacks (dev, tests) can share one NATS
 * server without their streams' subjects overlapping.
 */
export function subjectPrefix(stream: string): string {
  return stream === 'STAMPEDE' ? 'events' : `${stream.toLowerCase()}.events`;
}

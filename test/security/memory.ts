import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type Redis from 'ioredis';

// jest runs without --expose-gc; the flag can still be set at runtime and gc fetched from a fresh context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** JS heap plus Buffers (response bodies live outside the heap) after two full collections: what is still held. */
export function heapAfterGc(): number {
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

export async function redisUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

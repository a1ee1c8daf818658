import type { Cache } from '../../src/infrastructure/redis/cache';
import { MerchantQueueProjection } from './merchant-queue.projector';

/** The merchant-queue read model (merchant_order_read) as the rest of the codebase may use it. */
export { MerchantQueueProjection } from './merchant-queue.projector';
export { MerchantQueueQueries } from './merchant-queue.query';
export { MERCHANT_QUEUE_READ_MODEL, type MerchantOrderRead } from './merchant-queue.read';

export const createMerchantQueueProjection = (cache: Cache): MerchantQueueProjection => new MerchantQueueProjection(cache);

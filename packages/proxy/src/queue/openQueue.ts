import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { CutoutJobData, CutoutJobResult } from './jobTypes';
import {
  connectionFor,
  cutoutKeys,
  type QueueTarget,
  resolveQueueName,
  resolveRedisUrl,
} from './queueConfig';

export type CutoutQueue = Queue<CutoutJobData, CutoutJobResult>;

/** A BullMQ queue plus a plain client for our own keys; `close()` ends both. */
export interface OpenQueue {
  name: string;
  redisUrl: string;
  queue: CutoutQueue;
  redis: Redis;
  keys: ReturnType<typeof cutoutKeys>;
  close(): Promise<void>;
}

export function openQueue(target: QueueTarget): OpenQueue {
  const name = resolveQueueName(target);
  const redisUrl = resolveRedisUrl(target);
  const queue: CutoutQueue = new Queue(name, { connection: connectionFor(redisUrl) });
  // Commands fail after a few tries instead of hanging forever on a wrong REDIS_URL.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
  return {
    name,
    redisUrl,
    queue,
    redis,
    keys: cutoutKeys(name),
    async close() {
      await Promise.allSettled([queue.close(), redis.quit()]);
    },
  };
}

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
  /** Resolves once Redis answers; otherwise throws a clear error (within seconds). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function openQueue(target: QueueTarget): OpenQueue {
  const name = resolveQueueName(target);
  const redisUrl = resolveRedisUrl(target);
  const queue: CutoutQueue = new Queue(name, { connection: connectionFor(redisUrl) });
  // Commands fail after a few tries instead of hanging forever on a wrong REDIS_URL.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  // Connection errors surface through ready() and failed commands, with the URL; without
  // listeners ioredis and BullMQ would print a stack per reconnect attempt.
  redis.on('error', () => {});
  queue.on('error', () => {});
  return {
    name,
    redisUrl,
    queue,
    redis,
    keys: cutoutKeys(name),
    async ready() {
      try {
        await redis.ping();
      } catch (error) {
        throw new Error(
          `Cannot reach Redis at ${safeUrl(redisUrl)} (${(error as Error).message}). Start redis-server or set REDIS_URL.`,
          { cause: error },
        );
      }
    },
    async close() {
      await Promise.allSettled([queue.close(), redis.quit()]);
    },
  };
}

/** The URL without its password, for messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return 'REDIS_URL (unparseable)';
  }
}

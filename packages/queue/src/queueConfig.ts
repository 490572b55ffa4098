import type { ConnectionOptions } from 'bullmq';

/** Queue name used when `--queue` is not given. */
export const DEFAULT_QUEUE = 'cutout';
/** Issue #7: `REDIS_URL` defaults to a local Redis. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** What every queue command needs to find its queue. */
export interface QueueTarget {
  /** Queue name; default `cutout`. */
  queue?: string;
  /** Default `redis://127.0.0.1:6379` (the `cutout` CLI passes `REDIS_URL`). */
  redisUrl?: string;
}

/** This package reads no environment variable: the CLI passes `REDIS_URL` as `redisUrl`. */
export function resolveRedisUrl(target: QueueTarget): string {
  return target.redisUrl ?? DEFAULT_REDIS_URL;
}

export function resolveQueueName(target: QueueTarget): string {
  const name = target.queue ?? DEFAULT_QUEUE;
  // BullMQ builds keys as `bull:<name>:…`; a ':' would make them ambiguous.
  if (name === '' || name.includes(':')) {
    throw new RangeError(`Invalid queue name "${name}": use letters, digits, - or _.`);
  }
  return name;
}

/**
 * BullMQ connection options for a URL. `maxRetriesPerRequest: null` is what BullMQ
 * requires for the blocking connections of workers (they must wait out a Redis restart,
 * not fail the job fetch); it is harmless for queues.
 */
export function connectionFor(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}

/**
 * Our own keys next to BullMQ's (`bull:<queue>:…`), under the same prefix so one
 * `obliterate` or `FLUSHDB` clears both.
 */
export function cutoutKeys(queue: string) {
  const base = `bull:${queue}:cutout`;
  return {
    /** SET of job ids that ended skipped (completed without a result). */
    skipped: `${base}:skipped`,
    /** HASH output name → job id, so two sources never write the same file. */
    outputs: `${base}:outputs`,
    /** STRING: why the queue was paused by a worker (402, auth), shown by `status`. */
    pauseReason: `${base}:pause-reason`,
  };
}

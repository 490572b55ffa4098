import { abortedError, CutoutError } from '@cutout/core';

export interface WorkQueue {
  /**
   * Runs `task` when a slot is free. Throws a `rate-limit` CutoutError (reason `busy`, with
   * `retryAfterMs`) at once when `maxQueued` tasks already wait, and an `aborted` one if the
   * signal fires while waiting.
   */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
  readonly running: number;
  readonly queued: number;
  /** Rejects everything still waiting (used by `close()`). */
  rejectQueued(error: CutoutError): void;
  /** Resolves when nothing is running. */
  idle(): Promise<void>;
}

interface Waiter {
  start: () => void;
  fail: (error: CutoutError) => void;
}

/**
 * Bounded concurrency with back-pressure. A full queue answers `rate-limit` rather than
 * `transient`: the proxy turns it into HTTP 429 + Retry-After, and our own client's batch
 * pool then pauses every worker for that long instead of each request retrying on its own
 * jittered schedule — exactly what an overloaded local engine needs. The advised wait is the
 * time to drain the work ahead, from a moving average of task durations.
 */
export function createWorkQueue(concurrency: number, maxQueued: number): WorkQueue {
  let running = 0;
  const waiting: Waiter[] = [];
  let averageMs = 2000;
  const idleWaiters: (() => void)[] = [];

  const next = () => {
    while (running < concurrency && waiting.length > 0) waiting.shift()!.start();
    if (running === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  };

  return {
    get running() {
      return running;
    },
    get queued() {
      return waiting.length;
    },
    async run(task, signal) {
      if (signal.aborted) throw abortedError(signal);
      if (running >= concurrency) {
        if (waiting.length >= maxQueued) {
          const ahead = running + waiting.length;
          throw new CutoutError('rate-limit', 'The local engine is busy; retry later', {
            reason: 'busy',
            retryAfterMs: Math.max(1000, Math.ceil((ahead / concurrency) * averageMs)),
          });
        }
        await new Promise<void>((resolve, reject) => {
          const waiter: Waiter = {
            start: () => {
              // The slot is taken here, synchronously, so `next()` never over-commits.
              running++;
              signal.removeEventListener('abort', onAbort);
              resolve();
            },
            fail: (error) => {
              signal.removeEventListener('abort', onAbort);
              reject(error);
            },
          };
          const onAbort = () => {
            const i = waiting.indexOf(waiter);
            if (i >= 0) waiting.splice(i, 1);
            waiter.fail(abortedError(signal));
          };
          signal.addEventListener('abort', onAbort, { once: true });
          waiting.push(waiter);
        });
      } else {
        running++;
      }
      const started = performance.now();
      try {
        return await task();
      } finally {
        averageMs = 0.7 * averageMs + 0.3 * (performance.now() - started);
        running--;
        next();
      }
    },
    rejectQueued(error) {
      for (const waiter of waiting.splice(0)) waiter.fail(error);
    },
    idle() {
      if (running === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

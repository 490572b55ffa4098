import { CutoutError } from '@cutout/core';

export interface ConcurrencyGateOptions {
  /** Requests served at once (each one upstream call, or one local engine job). */
  maxConcurrent: number;
  /** Requests waiting for a slot; one more is refused at once. */
  maxQueued: number;
  /** Longest wait for a slot before the request is refused. */
  queueTimeoutMs: number;
}

export interface ConcurrencyGate {
  /**
   * Resolves with a release function once a slot is free; rejects at once with a 503
   * `over-capacity` (with Retry-After) when the wait queue is full, after `queueTimeoutMs`
   * in the queue, or with the signal's reason when the client goes away while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void>;
  readonly active: number;
  readonly queued: number;
}

interface Waiter {
  grant: (release: () => void) => void;
  refuse: (error: unknown) => void;
}

/**
 * Back-pressure in front of the engine (issue 14, item 5). Without it, 200 concurrent 2 MB
 * uploads all went upstream together and all timed out together (3 of 201 succeeded); with a
 * bound, the calls in flight finish in time and the excess is shed with an answer the client
 * retries after `Retry-After`, instead of everything waiting until it fails.
 */
export function createConcurrencyGate(options: ConcurrencyGateOptions): ConcurrencyGate {
  const maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent));
  const maxQueued = Math.max(0, Math.floor(options.maxQueued));
  let active = 0;
  const queue: Waiter[] = [];
  // Mean time a slot is held (EWMA), to advise a useful Retry-After.
  let meanHoldMs = 1000;

  const release = (started: number) => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      meanHoldMs = meanHoldMs * 0.9 + (performance.now() - started) * 0.1;
      const next = queue.shift();
      if (next) next.grant(release(performance.now()));
      else active--;
    };
  };

  const overCapacity = (why: string) => {
    // The queue ahead drains at maxConcurrent per mean hold time.
    const waitMs = meanHoldMs * (1 + queue.length / maxConcurrent);
    return new CutoutError('transient', `The proxy is at capacity (${why}): retry shortly.`, {
      reason: 'over-capacity',
      status: 503,
      retryAfterMs: Math.min(30_000, Math.max(1000, Math.round(waitMs))),
    });
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < maxConcurrent) {
        active++;
        return Promise.resolve(release(performance.now()));
      }
      if (queue.length >= maxQueued) return Promise.reject(overCapacity('queue full'));
      return new Promise<() => void>((resolve, reject) => {
        const leave = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
        };
        const waiter: Waiter = {
          grant: (r) => {
            leave();
            resolve(r);
          },
          refuse: (error) => {
            leave();
            reject(error);
          },
        };
        const onAbort = () => waiter.refuse(signal?.reason);
        const timer = setTimeout(
          () => waiter.refuse(overCapacity('waited too long')),
          options.queueTimeoutMs,
        );
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
  };
}

import { abortableDelay, abortedError, throwIfAborted } from './abortableDelay';
import { type CutoutError, isCutoutError } from './CutoutError';
import type { RetryOptions } from './types';

/**
 * Defaults of the retry policy:
 * - `maxAttempts: 4` — the first request plus three retries;
 * - `baseDelayMs: 500`, `maxDelayMs: 8000` — attempt n waits a random time in
 *   `[0, min(8 s, 500 ms · 2^(n-1))]` (full jitter, so a fleet of clients does not retry in
 *   lock step after a shared outage);
 * - `maxTotalMs: 60_000` — no retry starts once a minute has passed since the first attempt,
 *   and none is scheduled that would start after it.
 */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxTotalMs: 60_000,
});

/** Merges user options over the defaults; `false` means one attempt and no retry. */
export function resolveRetryOptions(
  retry: Partial<RetryOptions> | false | undefined,
): RetryOptions {
  if (retry === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  const merged = { ...DEFAULT_RETRY, ...dropUndefined(retry ?? {}) };
  return {
    maxAttempts: Math.max(1, Math.floor(merged.maxAttempts)),
    baseDelayMs: Math.max(0, merged.baseDelayMs),
    maxDelayMs: Math.max(0, merged.maxDelayMs),
    maxTotalMs: Math.max(0, merged.maxTotalMs),
  };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Capped exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff
 * and Jitter"): a uniformly random wait in `[0, min(cap, base · 2^(attempt-1))]`.
 * `attempt` is the 1-based number of the attempt that just failed.
 */
export function computeBackoff(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows to Infinity long after the cap applies; min() keeps it finite.
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

export interface RetryInfo {
  /** The attempt that will run next (2 for the first retry). */
  attempt: number;
  /** Wait before it starts. */
  retryInMs: number;
  /** Why the previous attempt failed. */
  error: CutoutError;
}

export interface RetryerOptions {
  retry?: Partial<RetryOptions> | false;
  /** Injectable for tests; default `Math.random`. */
  random?: () => number;
  /** Injectable clock for tests; default `Date.now`. */
  now?: () => number;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called before every wait, so callers can show a `retrying` state with a countdown. */
  onRetry?: (info: RetryInfo) => void;
  /**
   * Called with the wait the retryer chose, before it starts waiting. Batches use it to
   * pause their whole pool on a rate limit.
   */
  onDelay?: (delayMs: number, error: CutoutError) => void;
  /** Awaited before every attempt (e.g. a shared pause gate). */
  beforeAttempt?: (attempt: number, signal: AbortSignal | undefined) => Promise<void>;
}

export interface Retryer {
  readonly options: RetryOptions;
  /**
   * The wait before the next attempt, or undefined when the error must not be retried: it
   * is not `retryable`, attempts are used up, or the wait would end past `maxTotalMs`.
   * `Retry-After` (the error's `retryAfterMs`) wins over the computed backoff.
   */
  nextDelay(error: CutoutError, attempt: number, elapsedMs: number): number | undefined;
  /** Runs `fn` until it succeeds or the policy gives up; the last error is thrown. */
  run<T>(fn: (attempt: number) => Promise<T>, options?: RunOptions): Promise<T>;
}

/**
 * The retry loop of the client, kept apart from HTTP so its timing can be tested with fake
 * timers. Decisions read `error.retryable` only (STYLE.md); anything that is not a
 * `CutoutError` is treated as a bug and rethrown at once.
 */
export function createRetryer(options: RetryerOptions = {}): Retryer {
  const policy = resolveRetryOptions(options.retry);
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  const nextDelay = (error: CutoutError, attempt: number, elapsedMs: number) => {
    if (!error.retryable) return undefined;
    if (attempt >= policy.maxAttempts) return undefined;
    const delay = error.retryAfterMs ?? computeBackoff(attempt, policy, random);
    if (elapsedMs + delay > policy.maxTotalMs) return undefined;
    return delay;
  };

  const run = async <T>(fn: (attempt: number) => Promise<T>, run: RunOptions = {}) => {
    const started = now();
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(run.signal);
      await run.beforeAttempt?.(attempt, run.signal);
      try {
        return await fn(attempt);
      } catch (error) {
        if (!isCutoutError(error)) throw error;
        if (run.signal?.aborted) throw abortedError(run.signal);
        const delay = nextDelay(error, attempt, now() - started);
        if (delay === undefined) throw error;
        run.onRetry?.({ attempt: attempt + 1, retryInMs: delay, error });
        run.onDelay?.(delay, error);
        await abortableDelay(delay, run.signal);
      }
    }
  };

  return { options: policy, nextDelay, run };
}

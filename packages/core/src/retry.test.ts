import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CutoutError } from './CutoutError';
import { computeBackoff, createRetryer, DEFAULT_RETRY, resolveRetryOptions } from './retry';
import { errorFromUpstream } from './upstream';

const transient = () => new CutoutError('transient', 'boom');

describe('computeBackoff', () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 8000 };

  it('grows exponentially from the base and is capped', () => {
    const top = () => 0.999999;
    expect(computeBackoff(1, policy, top)).toBe(499);
    expect(computeBackoff(2, policy, top)).toBe(999);
    expect(computeBackoff(3, policy, top)).toBe(1999);
    expect(computeBackoff(5, policy, top)).toBe(7999);
    expect(computeBackoff(6, policy, top)).toBe(7999);
    expect(computeBackoff(200, policy, top)).toBe(7999);
  });

  it('applies full jitter: anywhere from 0 to the ceiling', () => {
    expect(computeBackoff(3, policy, () => 0)).toBe(0);
    expect(computeBackoff(3, policy, () => 0.5)).toBe(1000);
  });
});

describe('resolveRetryOptions', () => {
  it('documents its defaults', () => {
    expect(DEFAULT_RETRY).toEqual({
      maxAttempts: 4,
      baseDelayMs: 500,
      maxDelayMs: 8000,
      maxTotalMs: 60_000,
    });
  });
  it('false means a single attempt; undefined fields keep defaults', () => {
    expect(resolveRetryOptions(false).maxAttempts).toBe(1);
    expect(resolveRetryOptions({ maxAttempts: undefined, baseDelayMs: 10 })).toMatchObject({
      maxAttempts: 4,
      baseDelayMs: 10,
    });
    expect(resolveRetryOptions({ maxAttempts: 0 }).maxAttempts).toBe(1);
  });
});

describe('createRetryer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits the jittered backoff between attempts and stops on success', async () => {
    const retryer = createRetryer({ random: () => 0.5 });
    const starts: number[] = [];
    const fn = vi.fn(async (attempt: number) => {
      starts.push(Date.now());
      if (attempt < 3) throw transient();
      return 'ok';
    });
    const t0 = Date.now();
    const promise = retryer.run(fn);
    await vi.advanceTimersByTimeAsync(249);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(500);
    await expect(promise).resolves.toBe('ok');
    expect(starts.map((s) => s - t0)).toEqual([0, 250, 750]);
  });

  it('retries a 42900 after Retry-After in seconds, ignoring the backoff', async () => {
    const retryer = createRetryer({ random: () => 0 });
    const error = errorFromUpstream({ status: 429, body: { code: 42900 }, retryAfter: '3' })!;
    const fn = vi.fn(async (attempt: number) => {
      if (attempt === 1) throw error;
      return attempt;
    });
    const promise = retryer.run(fn);
    await vi.advanceTimersByTimeAsync(2999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(promise).resolves.toBe(2);
  });

  it('retries after a Retry-After HTTP date', async () => {
    const retryer = createRetryer({ random: () => 0.9 });
    const now = Date.now();
    const date = new Date(now + 5000).toUTCString();
    // HTTP dates have second precision: the wait is what is left until that second.
    const expected = Date.parse(date) - now;
    const error = errorFromUpstream({ status: 503, retryAfter: date, now })!;
    expect(error.retryAfterMs).toBe(expected);
    const fn = vi.fn(async (attempt: number) => {
      if (attempt === 1) throw error;
      return 'ok';
    });
    const onRetry = vi.fn();
    const promise = retryer.run(fn, { onRetry });
    expect(onRetry).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(onRetry).toHaveBeenCalledWith({ attempt: 2, retryInMs: expected, error });
    await vi.advanceTimersByTimeAsync(expected - 1);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(promise).resolves.toBe('ok');
  });

  it('never retries errors that are not retryable', async () => {
    const retryer = createRetryer();
    for (const status of [400, 401, 402, 403]) {
      const error = errorFromUpstream({ status, body: { code: 40002 } })!;
      const fn = vi.fn(async () => {
        throw error;
      });
      await expect(retryer.run(fn)).rejects.toBe(error);
      expect(fn).toHaveBeenCalledTimes(1);
    }
  });

  it('reads retryable only: a transient kind marked not retryable is not retried', async () => {
    const error = new CutoutError('transient', 'x', { retryable: false });
    const fn = vi.fn(async () => {
      throw error;
    });
    await expect(createRetryer().run(fn)).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const retryer = createRetryer({ retry: { maxAttempts: 3 }, random: () => 1 });
    let last: CutoutError | undefined;
    const fn = vi.fn(async () => {
      last = transient();
      throw last;
    });
    const promise = retryer.run(fn);
    const settled = expect(promise).rejects.toSatisfy((e) => e === last);
    await vi.advanceTimersByTimeAsync(500 + 1000);
    await settled;
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('schedules no retry that would start after maxTotalMs', async () => {
    const retryer = createRetryer({
      retry: { maxAttempts: 10, maxTotalMs: 10_000 },
      random: () => 0,
    });
    const error = new CutoutError('rate-limit', 'slow down', { retryAfterMs: 6000 });
    const fn = vi.fn(async () => {
      throw error;
    });
    const promise = retryer.run(fn);
    const settled = expect(promise).rejects.toBe(error);
    // 0 → 6000 fits; 6000 + 6000 = 12000 > 10000 does not.
    await vi.advanceTimersByTimeAsync(6000);
    await settled;
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('an abort during the backoff wait rejects at once with kind aborted', async () => {
    const retryer = createRetryer({ random: () => 1 });
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      throw transient();
    });
    const promise = retryer.run(fn, { signal: controller.signal });
    const settled = expect(promise).rejects.toMatchObject({ kind: 'aborted' });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await settled;
    expect(fn).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rethrows errors that are not CutoutErrors (bugs) at once', async () => {
    const bug = new TypeError('bug');
    const fn = vi.fn(async () => {
      throw bug;
    });
    await expect(createRetryer().run(fn)).rejects.toBe(bug);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('nextDelay uses the injected clock budget and Retry-After', () => {
    const retryer = createRetryer({ random: () => 0.5 });
    const limited = new CutoutError('rate-limit', 'x', { retryAfterMs: 1234 });
    expect(retryer.nextDelay(limited, 1, 0)).toBe(1234);
    expect(retryer.nextDelay(transient(), 2, 0)).toBe(500);
    expect(retryer.nextDelay(transient(), 4, 0)).toBeUndefined();
    expect(retryer.nextDelay(limited, 1, 59_000)).toBeUndefined();
  });
});

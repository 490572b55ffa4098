import { isCutoutError } from '@cutout/core';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createConcurrencyGate } from './createConcurrencyGate';

afterEach(() => {
  vi.useRealTimers();
});

describe('createConcurrencyGate', () => {
  test('serves maxConcurrent at once, queues maxQueued, refuses the next at once with a 503', async () => {
    const gate = createConcurrencyGate({ maxConcurrent: 2, maxQueued: 1, queueTimeoutMs: 10_000 });
    const a = await gate.acquire();
    await gate.acquire();
    const waiting = gate.acquire();
    expect([gate.active, gate.queued]).toEqual([2, 1]);
    const refused = await gate.acquire().catch((e: unknown) => e);
    expect(isCutoutError(refused) && refused).toMatchObject({
      kind: 'transient',
      reason: 'over-capacity',
      status: 503,
      retryable: true,
    });
    expect(isCutoutError(refused) && refused.retryAfterMs).toBeGreaterThanOrEqual(1000);
    a();
    a(); // a second release of the same slot is a no-op
    await waiting;
    expect([gate.active, gate.queued]).toEqual([2, 0]);
  });

  test('a request waits at most queueTimeoutMs, and leaves the queue when its client goes away', async () => {
    vi.useFakeTimers();
    const gate = createConcurrencyGate({ maxConcurrent: 1, maxQueued: 5, queueTimeoutMs: 500 });
    await gate.acquire();
    const late = gate.acquire().catch((e: unknown) => e);
    const client = new AbortController();
    const gone = gate.acquire(client.signal).catch((e: unknown) => e);
    client.abort(new Error('client went away'));
    expect(((await gone) as Error).message).toBe('client went away');
    expect(gate.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(await late).toMatchObject({ reason: 'over-capacity' });
    expect([gate.active, gate.queued]).toEqual([1, 0]);
  });
});

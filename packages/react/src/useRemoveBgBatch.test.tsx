import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { setupCodiaMockServer } from './test/codiaMockServer';
import { pngFile, tick, wrapper } from './test/fixtures';
import { useRemoveBgBatch } from './useRemoveBgBatch';

const { mock, urls } = setupCodiaMockServer({ latencyMs: 5, retryAfterS: 2 });

const files = (n: number, w = 500) =>
  Promise.all(Array.from({ length: n }, (_, i) => pngFile(w, 420, `p${i}.png`)));

describe('useRemoveBgBatch', () => {
  it('works every item through a pool of `concurrency`, with totals and object URLs', async () => {
    const { result } = renderHook(() => useRemoveBgBatch({ concurrency: 2 }), {
      wrapper: wrapper(),
    });
    const inputs = await files(5);
    act(() => {
      result.current.add(inputs);
    });
    expect(result.current.totals.total).toBe(5);
    expect(result.current.totals.running).toBe(2);
    expect(result.current.totals.queued).toBe(3);
    await waitFor(() => expect(result.current.totals.done).toBe(5), { timeout: 4000 });
    expect(mock.stats.maxConcurrent).toBeLessThanOrEqual(2);
    expect(result.current.items.map((i) => i.name)).toEqual(inputs.map((f) => f.name));
    for (const item of result.current.items) {
      expect(item.status).toBe('done');
      expect(item.cutout?.objectUrl).toMatch(/^blob:test\//);
    }
    expect(urls.live()).toHaveLength(5);
  });

  it('revokes every object URL on unmount and on clear()', async () => {
    const { result, unmount } = renderHook(() => useRemoveBgBatch(), { wrapper: wrapper() });
    act(() => {
      result.current.add([]);
    });
    const inputs = await files(2);
    act(() => {
      result.current.add(inputs);
    });
    await waitFor(() => expect(result.current.totals.done).toBe(2));
    act(() => result.current.clear());
    expect(result.current.items).toEqual([]);
    expect(urls.live()).toEqual([]);
    act(() => {
      result.current.add(inputs.slice(0, 1));
    });
    await waitFor(() => expect(result.current.totals.done).toBe(1));
    expect(urls.live()).toHaveLength(1);
    unmount();
    expect(urls.live()).toEqual([]);
  });

  it('skips images under the minimum size without sending them', async () => {
    const { result } = renderHook(() => useRemoveBgBatch(), { wrapper: wrapper() });
    const small = await pngFile(200, 150, 'small.png');
    const [big] = await files(1);
    act(() => {
      result.current.add([small, big!]);
    });
    await waitFor(() => expect(result.current.totals.running).toBe(0));
    expect(result.current.items.map((i) => i.status)).toEqual(['skipped', 'done']);
    expect(result.current.items[0]!.error).toMatchObject({
      kind: 'preflight',
      reason: 'too-small',
    });
    expect(mock.stats.requests).toBe(1);
  });

  it('fails items with their error kind; retryFailed() queues them again', async () => {
    mock.script('auth', 'credits');
    const { result } = renderHook(() => useRemoveBgBatch({ concurrency: 1 }), {
      wrapper: wrapper(),
    });
    const inputs = await files(3);
    act(() => {
      result.current.add(inputs);
    });
    await waitFor(() =>
      expect(result.current.totals.running + result.current.totals.queued).toBe(0),
    );
    expect(result.current.items.map((i) => i.error?.kind ?? i.status)).toEqual([
      'auth',
      'credits',
      'done',
    ]);
    expect(result.current.totals).toMatchObject({ failed: 2, done: 1 });
    act(() => result.current.retryFailed());
    await waitFor(() => expect(result.current.totals.done).toBe(3));
    expect(mock.stats.requests).toBe(5);
  });

  it('cancelAll() aborts running items and fails queued ones as aborted', async () => {
    mock.setScenario('stall');
    const { result } = renderHook(() => useRemoveBgBatch({ concurrency: 1 }), {
      wrapper: wrapper(),
    });
    const inputs = await files(3);
    act(() => {
      result.current.add(inputs);
    });
    await waitFor(() => expect(mock.stats.inFlight).toBe(1));
    act(() => result.current.cancelAll());
    await waitFor(() => expect(result.current.totals.failed).toBe(3));
    expect(result.current.items.every((i) => i.error?.kind === 'aborted')).toBe(true);
    expect(mock.stats.requests).toBe(1);
  });

  it('one rate limit pauses the whole pool for Retry-After, then every item completes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    mock.script('rate-limit');
    const { result } = renderHook(() => useRemoveBgBatch({ concurrency: 2 }), {
      wrapper: wrapper({}, false),
    });
    const inputs = await files(4);
    act(() => {
      result.current.add(inputs);
    });
    // Let the first two calls land: one 429 (Retry-After 2 s), one success.
    for (let i = 0; i < 200 && result.current.pausedUntil === 0; i++) await tick(5);
    expect(result.current.pausedUntil).toBeGreaterThan(Date.now());
    const sent = mock.stats.requests;
    // Half-way through the pause: nobody else was sent.
    for (let i = 0; i < 100; i++) await tick(10);
    expect(mock.stats.requests).toBe(sent);
    for (let i = 0; i < 400 && result.current.totals.done < 4; i++) await tick(20);
    expect(result.current.totals.done).toBe(4);
    expect(mock.stats.byCode['42900']).toBe(1);
  });
});

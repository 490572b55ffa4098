import { isCutoutError } from '@cutout/core';
import { createCodiaMock } from '@cutout/testing/msw';
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { setupCodiaMockServer } from './test/codiaMockServer';
import { pngFile, tick, wrapper } from './test/fixtures';
import { useRemoveBg } from './useRemoveBg';

const { mock, server, urls } = setupCodiaMockServer();

describe('useRemoveBg', () => {
  it('removes a background: pending with phases, then a cutout with an object URL', async () => {
    const { result } = renderHook(() => useRemoveBg(), { wrapper: wrapper() });
    expect(result.current.status).toBe('idle');
    const file = await pngFile(500, 420);
    let done: Promise<unknown>;
    act(() => {
      done = result.current.removeBackground(file);
    });
    expect(result.current.status).toBe('pending');
    await act(async () => {
      await done;
    });
    await waitFor(() => expect(result.current.cutout).toBeDefined());
    const cutout = result.current.cutout!;
    expect(result.current.status).toBe('success');
    expect([cutout.width, cutout.height]).toEqual([500, 420]);
    expect(cutout.blob.type).toBe('image/png');
    expect(cutout.objectUrl).toMatch(/^blob:test\//);
    expect(result.current.progress?.phase).toBe('done');
    expect(mock.stats.successes).toBe(1);
  });

  it('reports progress by phase, ending in done', async () => {
    server.use(...createCodiaMock({ latencyMs: 40 }).handlers);
    const phases: string[] = [];
    const { result } = renderHook(
      () => {
        const r = useRemoveBg();
        if (r.progress && phases.at(-1) !== r.progress.phase) phases.push(r.progress.phase);
        return r;
      },
      { wrapper: wrapper() },
    );
    const file = await pngFile();
    await act(() => result.current.removeBackground(file));
    // (MSW's XHR interceptor reports no upload-complete event, so `processing` is not seen
    // here; core's own transport tests cover it over real loopback HTTP.)
    expect(phases[0]).toBe('uploading');
    expect(phases.at(-1)).toBe('done');
  });

  it('revokes the object URL when the result is replaced, reset and unmounted (StrictMode)', async () => {
    const { result, unmount } = renderHook(() => useRemoveBg(), { wrapper: wrapper({}, true) });
    const file = await pngFile();
    await act(() => result.current.removeBackground(file));
    await waitFor(() => expect(result.current.cutout).toBeDefined());
    const first = result.current.cutout!.objectUrl;
    await act(() => result.current.removeBackground(file));
    await waitFor(() => expect(result.current.cutout?.objectUrl).not.toBe(first));
    expect(urls.revoked).toContain(first);
    expect(urls.live()).toEqual([result.current.cutout!.objectUrl]);
    act(() => result.current.reset());
    expect(result.current.cutout).toBeUndefined();
    expect(result.current.status).toBe('idle');
    expect(urls.live()).toEqual([]);
    await act(() => result.current.removeBackground(file));
    await waitFor(() => expect(result.current.cutout).toBeDefined());
    unmount();
    expect(urls.created.length).toBeGreaterThanOrEqual(3);
    expect(urls.live()).toEqual([]);
  });

  it('ends in error with the kind for a non-retryable failure (credits), never the server text', async () => {
    mock.setScenario('credits');
    const { result } = renderHook(() => useRemoveBg(), { wrapper: wrapper() });
    const file = await pngFile();
    await act(async () => {
      await result.current.removeBackground(file).catch(() => {});
    });
    expect(result.current.status).toBe('error');
    expect(isCutoutError(result.current.error)).toBe(true);
    expect(result.current.error?.kind).toBe('credits');
    expect(mock.stats.requests).toBe(1);
  });

  it('rejects a too-small image in preflight without sending it', async () => {
    const { result } = renderHook(() => useRemoveBg(), { wrapper: wrapper() });
    const file = await pngFile(200, 150);
    await act(async () => {
      await result.current.removeBackground(file).catch(() => {});
    });
    expect(result.current.error).toMatchObject({ kind: 'preflight', reason: 'too-small' });
    expect(mock.stats.requests).toBe(0);
  });

  it('retries transient faults (visible as retrying) and succeeds', async () => {
    mock.script('transient');
    const seen: string[] = [];
    const { result } = renderHook(
      () => {
        const r = useRemoveBg();
        if (r.progress?.phase === 'retrying') seen.push(r.progress.error?.kind ?? '');
        return r;
      },
      { wrapper: wrapper() },
    );
    const file = await pngFile();
    const cutout = await act(() => result.current.removeBackground(file));
    expect(cutout.attempts).toBe(2);
    expect(seen).toContain('transient');
    expect(mock.stats.requests).toBe(2);
  });

  it('retry() runs the last input again after a failure', async () => {
    mock.script('auth');
    const { result } = renderHook(() => useRemoveBg(), { wrapper: wrapper() });
    const file = await pngFile();
    await act(async () => {
      await result.current.removeBackground(file).catch(() => {});
    });
    expect(result.current.error?.kind).toBe('auth');
    await act(async () => {
      await result.current.retry();
    });
    expect(result.current.status).toBe('success');
    expect(mock.stats.requests).toBe(2);
  });

  it('cancel() during the upload aborts it: kind aborted, nothing retried, nothing leaked', async () => {
    mock.setScenario('stall');
    const { result } = renderHook(() => useRemoveBg(), { wrapper: wrapper() });
    const file = await pngFile();
    let call!: Promise<unknown>;
    act(() => {
      call = result.current.removeBackground(file).catch((e: unknown) => e);
    });
    await waitFor(() => expect(mock.stats.inFlight).toBe(1));
    act(() => result.current.cancel());
    const error = await act(() => call);
    expect(error).toMatchObject({ kind: 'aborted' });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error?.kind).toBe('aborted');
    // Not retried: still the one request, even after the backoff would have elapsed.
    await new Promise((r) => setTimeout(r, 30));
    expect(mock.stats.requests).toBe(1);
    expect(urls.created).toEqual([]);
  });

  it('cancel() during the wait before a retry stops it: no second request', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.999); // backoff at its 2 s ceiling
    mock.script('transient');
    const { result } = renderHook(() => useRemoveBg(), {
      wrapper: wrapper({ retry: { maxAttempts: 3, baseDelayMs: 2000, maxDelayMs: 2000 } }),
    });
    const file = await pngFile();
    let call!: Promise<unknown>;
    act(() => {
      call = result.current.removeBackground(file).catch((e: unknown) => e);
    });
    for (let i = 0; i < 200 && result.current.progress?.phase !== 'retrying'; i++) await tick(5);
    expect(result.current.progress?.phase).toBe('retrying');
    expect(result.current.retryAt).toBeGreaterThan(Date.now());
    act(() => result.current.cancel());
    expect(await call).toMatchObject({ kind: 'aborted' });
    for (let i = 0; i < 50; i++) await tick(100);
    expect(mock.stats.requests).toBe(1);
    expect(result.current.error?.kind).toBe('aborted');
    expect(result.current.retryAt).toBeUndefined();
  });

  it('a new call supersedes the one in flight', async () => {
    mock.script('stall');
    const { result } = renderHook(() => useRemoveBg(), { wrapper: wrapper() });
    const file = await pngFile();
    let first!: Promise<unknown>;
    act(() => {
      first = result.current.removeBackground(file).catch((e: unknown) => e);
    });
    await waitFor(() => expect(mock.stats.inFlight).toBe(1));
    await act(() => result.current.removeBackground(file));
    expect(await first).toMatchObject({ kind: 'aborted' });
    expect(result.current.status).toBe('success');
  });

  it('throws a clear error outside the provider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    let caught: unknown;
    try {
      renderHook(() => useRemoveBg());
    } catch (error) {
      caught = error;
    }
    spy.mockRestore();
    expect(String(caught)).toMatch(/CutoutProvider/);
  });
});

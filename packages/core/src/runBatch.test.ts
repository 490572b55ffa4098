import { getEventListeners } from 'node:events';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCutoutClient } from './createCutoutClient';
import { sniffImage } from './sniffImage';
import { makeImage } from './testing/loopbackServer';
import type { BatchItemResult } from './types';

/**
 * Pool semantics with fake timers. The transport is the client's public `fetch` option,
 * answering like the upstream after a scripted delay, so no test waits in real time.
 */
let png: Uint8Array<ArrayBuffer>;
const images: Uint8Array[] = [];

beforeAll(async () => {
  png = await makeImage('png', 500, 500, true);
  // Distinct widths tell the fake server which item it got.
  for (let i = 0; i < 10; i++) images.push(await makeImage('jpeg', 800 + i, 600));
});
afterEach(() => {
  vi.useRealTimers();
});

interface Call {
  item: number;
  at: number;
}

type Answer = {
  delayMs: number;
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
};

function fakeFetch(answer: (item: number, call: number) => Answer) {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const at = Date.now();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const body = new Uint8Array(await new Response(init!.body).arrayBuffer());
      const start = indexOf(body, [13, 10, 13, 10]) + 4;
      const item = sniffImage(body.subarray(start))!.width! - 800;
      calls.push({ item, at });
      const a = answer(item, calls.length - 1);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, a.delayMs);
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
      if (a.json !== undefined) {
        return new Response(JSON.stringify(a.json), {
          status: a.status ?? 200,
          headers: { 'content-type': 'application/json', ...a.headers },
        });
      }
      return new Response(png.slice(), { headers: { 'content-type': 'image/png' } });
    } finally {
      inFlight--;
    }
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

function indexOf(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i < haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('runBatch', () => {
  it('keeps input order, respects concurrency, skips too-small images, loses nothing', async () => {
    const tiny = await makeImage('png', 300, 200);
    vi.useFakeTimers();
    const server = fakeFetch((item) =>
      item === 5
        ? { delayMs: 50, status: 400, json: { code: 40002, message: 'unsupported' } }
        : // Later items finish first, so completion order differs from input order.
          { delayMs: 1000 - item * 90 },
    );
    const client = createCutoutClient({ endpoint: 'http://api.test', fetch: server.fetch });
    const inputs = images.map((img, i) => (i === 3 ? tiny : img));
    const ended: number[] = [];
    const promise = client.runBatch(inputs, {
      concurrency: 3,
      onItem: (r) => ended.push(r.index),
    });
    await vi.advanceTimersByTimeAsync(10_000);
    const results = await promise;

    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.map((r) => r.status)).toEqual([
      'done',
      'done',
      'done',
      'skipped',
      'done',
      'failed',
      'done',
      'done',
      'done',
      'done',
    ]);
    expect(results[3]!.error).toMatchObject({ kind: 'preflight', reason: 'too-small' });
    expect(results[5]!.error).toMatchObject({ kind: 'input', reason: 'unsupported-format' });
    expect(results[0]!.cutout).toMatchObject({ width: 500, height: 500 });
    expect(results.every((r, i) => r.input === inputs[i])).toBe(true);
    // Each item ended once; the skipped one was never sent.
    expect([...ended].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ended).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(server.calls.map((c) => c.item).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 4, 5, 6, 7, 8, 9,
    ]);
    expect(server.maxInFlight).toBe(3);
  });

  it('one 429 pauses the whole pool for Retry-After', async () => {
    vi.useFakeTimers();
    const t0 = Date.now();
    const server = fakeFetch((item, call) =>
      item === 0 && call === 0
        ? {
            delayMs: 100,
            status: 429,
            json: { code: 42900, message: 'x' },
            headers: { 'retry-after': '2' },
          }
        : { delayMs: 150 },
    );
    const client = createCutoutClient({
      endpoint: 'http://api.test',
      fetch: server.fetch,
      retry: { baseDelayMs: 10, maxDelayMs: 10 },
    });
    const progress: string[] = [];
    const promise = client.runBatch(images.slice(0, 6), {
      concurrency: 3,
      onProgress: (index, p) => p.phase === 'retrying' && progress.push(`${index}:${p.retryInMs}`),
    });
    await vi.advanceTimersByTimeAsync(10_000);
    const results = await promise;

    expect(results.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(results[0]!.cutout!.attempts).toBe(2);
    expect(progress).toEqual(['0:2000']);
    const starts = server.calls.map((c) => c.at - t0);
    // Items 0-2 start at once; nothing at all starts during the 2 s pause after t=100.
    expect(starts.slice(0, 3)).toEqual([0, 0, 0]);
    expect(starts.slice(3).every((t) => t >= 2100)).toBe(true);
    expect(server.calls).toHaveLength(7);
  });

  it('aborting ends every remaining item as failed/aborted, each exactly once', async () => {
    vi.useFakeTimers();
    const server = fakeFetch(() => ({ delayMs: 1000 }));
    const client = createCutoutClient({ endpoint: 'http://api.test', fetch: server.fetch });
    const controller = new AbortController();
    const ended: BatchItemResult<Uint8Array>[] = [];
    const promise = client.runBatch(images.slice(0, 6), {
      concurrency: 2,
      signal: controller.signal,
      onItem: (r) => ended.push(r),
    });
    await vi.advanceTimersByTimeAsync(1500);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    const results = await promise;

    expect(results.map((r) => r.status)).toEqual([
      'done',
      'done',
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
    expect(results.slice(2).every((r) => r.error?.kind === 'aborted')).toBe(true);
    expect(ended.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(server.calls.map((c) => c.item)).toEqual([0, 1, 2, 3]);
  });

  it("adds one listener to the caller's signal for the whole batch, and removes it", async () => {
    vi.useFakeTimers();
    const server = fakeFetch(() => ({ delayMs: 1000 }));
    const client = createCutoutClient({ endpoint: 'http://api.test', fetch: server.fetch });
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const promise = client.runBatch(images, { concurrency: 8, signal: controller.signal });
      await vi.advanceTimersByTimeAsync(500);
      expect(server.calls).toHaveLength(8);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(5000);
      expect((await promise).every((r) => r.status === 'done')).toBe(true);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Node emits its leak warning on the next tick.
      await vi.advanceTimersByTimeAsync(0);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a throwing onItem loses no item and is reported at the end', async () => {
    vi.useFakeTimers();
    const server = fakeFetch(() => ({ delayMs: 10 }));
    const client = createCutoutClient({ endpoint: 'http://api.test', fetch: server.fetch });
    const seen: number[] = [];
    const boom = new Error('callback bug');
    const promise = client.runBatch(images.slice(0, 3), {
      concurrency: 1,
      onItem: (r) => {
        seen.push(r.index);
        throw boom;
      },
    });
    const settled = expect(promise).rejects.toBe(boom);
    await vi.advanceTimersByTimeAsync(1000);
    await settled;
    expect(seen).toEqual([0, 1, 2]);
  });

  it('a nonsensical concurrency falls back to the default instead of ending nothing', async () => {
    vi.useFakeTimers();
    const server = fakeFetch(() => ({ delayMs: 10 }));
    const client = createCutoutClient({ endpoint: 'http://api.test', fetch: server.fetch });
    for (const concurrency of [Number.NaN, 0, -3]) {
      const promise = client.runBatch(images.slice(0, 5), { concurrency });
      await vi.advanceTimersByTimeAsync(1000);
      expect((await promise).map((r) => r.status)).toEqual(Array(5).fill('done'));
    }
    expect(server.maxInFlight).toBe(4);
  });

  it('an empty batch resolves to no results', async () => {
    const client = createCutoutClient({
      endpoint: 'http://api.test',
      fetch: fakeFetch(() => ({ delayMs: 0 })).fetch,
    });
    await expect(client.runBatch([])).resolves.toEqual([]);
  });
});

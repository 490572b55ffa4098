import { analyzeEdges } from '@cutout/core/edges';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EdgeWorkerRequest } from './analyzeEdgesAsync';
import { edgePixels } from './test/edgeFixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** The 64×16 fixture stretched 20× wide and tiled 50× down: 1280×800, just over 1 MP. */
function bigHalo() {
  const small = edgePixels('halo');
  const k = 20;
  const width = small.width * k;
  const height = small.height * 50;
  const rows = Array.from({ length: small.height }, (_, sy) => {
    const row = new Uint8ClampedArray(width * 4);
    for (let x = 0; x < width; x++) {
      const i = (sy * small.width + Math.floor(x / k)) * 4;
      row.set(small.data.subarray(i, i + 4), x * 4);
    }
    return row;
  });
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) data.set(rows[y % small.height]!, y * width * 4);
  return { data, width, height };
}

describe('analyzeEdgesAsync', () => {
  it('without a Worker (jsdom), analyses on the main thread after yielding', async () => {
    const { analyzeEdgesAsync } = await import('./analyzeEdgesAsync');
    const input = edgePixels('halo');
    const pending = analyzeEdgesAsync(input);
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false); // not synchronous: the caller's render comes first
    const result = await pending;
    const direct = analyzeEdges(input.data, input.width, input.height);
    expect(result.haloScore).toBe(direct.haloScore);
    expect(result.needsReview).toBe(true);
  });

  it('sends big images to the module worker, keeps the caller’s buffer, and reads the answer', async () => {
    const made: { url: string; options: WorkerOptions | undefined }[] = [];
    const sent: { data: EdgeWorkerRequest; transfer: Transferable[] }[] = [];
    // A stand-in Worker that runs edgeWorker.ts in this thread, message by message.
    const scope: { onmessage?: (e: MessageEvent) => void; postMessage?: unknown } = {};
    class InlineWorker {
      onmessage: ((e: MessageEvent) => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(url: URL, options?: WorkerOptions) {
        made.push({ url: String(url), options });
      }
      postMessage(data: EdgeWorkerRequest, transfer: Transferable[]) {
        sent.push({ data, transfer });
        setTimeout(() => scope.onmessage?.({ data } as MessageEvent));
      }
    }
    vi.stubGlobal('Worker', InlineWorker);
    const worker = await import('./analyzeEdgesAsync');
    // Load the worker module with `globalThis` pointing at our scope's handlers.
    const realPost = globalThis.postMessage;
    const instance: { current?: InlineWorker } = {};
    const originalPostMessage = InlineWorker.prototype.postMessage;
    InlineWorker.prototype.postMessage = function (this: InlineWorker, data, transfer) {
      instance.current = this;
      originalPostMessage.call(this, data, transfer);
    };
    (globalThis as { postMessage: unknown }).postMessage = (message: unknown) =>
      setTimeout(() => instance.current?.onmessage?.({ data: message } as MessageEvent));
    await import('./edgeWorker');
    scope.onmessage = (globalThis as unknown as { onmessage: (e: MessageEvent) => void }).onmessage;

    const input = bigHalo();
    const before = input.data.slice(0, 64);
    const result = await worker.analyzeEdgesAsync(input);
    (globalThis as { postMessage: unknown }).postMessage = realPost;

    expect(made).toHaveLength(1);
    expect(made[0]!.url).toMatch(/edgeWorker\.ts/);
    expect(made[0]!.options).toEqual({ type: 'module' });
    expect(sent[0]!.data.pixels).not.toBe(input.data); // a copy is transferred
    expect(sent[0]!.transfer).toEqual([sent[0]!.data.pixels.buffer]);
    expect(input.data.slice(0, 64)).toEqual(before);
    expect(result.needsReview).toBe(true);
    expect(result.mapWidth).toBe(input.width); // the worker analyses at full resolution
    // …and makes the overlay's RGBA, lit exactly where the fringe map is.
    expect(result.overlay).toHaveLength(result.fringeMap.length * 4);
    const lit = result.fringeMap.findIndex((v) => v > 0);
    expect(lit).toBeGreaterThanOrEqual(0);
    expect(result.overlay![lit * 4 + 3]).toBeGreaterThan(0);
    expect(result.overlay![3]).toBe(0);
  }, 30_000); // a fresh module graph for the worker plus a 1 MP analysis on a shared CPU
});

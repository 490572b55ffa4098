import type { EdgeAnalysis, EdgeAnalysisOptions } from '@cutout/core/edges';

export interface EdgePixelsInput {
  /** Straight-alpha RGBA, as `getImageData().data`. */
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/** Above this many pixels the analysis goes to a Web Worker when one can be made. */
export const WORKER_THRESHOLD_PX = 1_000_000;
/**
 * Without a worker the main thread analyses a downsampled copy (core's `maxPixels`): the
 * review signal needs edge statistics, not every pixel, and this bounds the pause.
 */
export const MAIN_THREAD_MAX_PX = 1_000_000;

export interface EdgeWorkerRequest {
  id: number;
  pixels: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
  options: EdgeAnalysisOptions;
}

export type EdgeWorkerResponse =
  | { id: number; ok: true; analysis: EdgeAnalysis; overlay: Uint8ClampedArray<ArrayBuffer> }
  | { id: number; ok: false; message: string };

/** An analysis, with the fringe overlay's RGBA when the worker already made it. */
export type InspectedEdges = EdgeAnalysis & { overlay?: Uint8ClampedArray<ArrayBuffer> };

let worker: Worker | undefined | null;
let nextId = 0;
const pending = new Map<
  number,
  { resolve: (a: InspectedEdges) => void; reject: (e: Error) => void }
>();

/** The shared module worker, made on first use; null where workers are unavailable (SSR, jsdom). */
function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  // jsdom has no Worker; SSR has no window. Both fall back to the main thread.
  if (typeof Worker === 'undefined' || typeof window === 'undefined') return null;
  try {
    const w = new Worker(new URL('./edgeWorker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<EdgeWorkerResponse>) => {
      const entry = pending.get(event.data.id);
      if (!entry) return;
      pending.delete(event.data.id);
      if (event.data.ok) entry.resolve({ ...event.data.analysis, overlay: event.data.overlay });
      else entry.reject(new Error(event.data.message));
    };
    w.onerror = () => {
      // A worker that cannot load (CSP, bundler without worker support): fail over for good.
      worker = null;
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.reject(new Error('edge worker failed'));
      }
    };
    worker = w;
  } catch {
    worker = null;
  }
  return worker;
}

/**
 * Core's `analyzeEdges` off the main thread: big images in a module worker (the pixels are
 * copied and the copy transferred, so the caller keeps its buffer and the main-thread
 * fallback still has the pixels if the worker fails), which also builds the fringe overlay;
 * small ones — or any
 * without a worker — on the main thread after yielding a macrotask, so the caller's render
 * and paint come first.
 */
export async function analyzeEdgesAsync(
  input: EdgePixelsInput,
  options: EdgeAnalysisOptions = {},
  signal?: AbortSignal,
): Promise<InspectedEdges> {
  const { data, width, height } = input;
  const w = width * height > WORKER_THRESHOLD_PX ? getWorker() : null;
  if (w) {
    try {
      return await new Promise<InspectedEdges>((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve, reject });
        const copy = data.slice();
        const request: EdgeWorkerRequest = { id, pixels: copy, width, height, options };
        w.postMessage(request, [copy.buffer]);
        signal?.addEventListener('abort', () => {
          pending.delete(id);
          reject(new DOMException('Aborted', 'AbortError'));
        });
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      // fall through to the main thread
    }
  }
  // Loaded on first use: the analysis is a third of core's code and most pages never need
  // it on the main thread (issue #5 §5 bundle budget). The import also yields a macrotask.
  const { analyzeEdges } = await import('./edgeAnalysisChunk');
  if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
  return analyzeEdges(data, width, height, {
    maxPixels: MAIN_THREAD_MAX_PX,
    ...options,
  });
}

import type { RgbaPixels } from './maskBuffer';

/**
 * Pixels read back per slice: a quarter megapixel (1 MB). At 1 MP a slice took 100–150 ms on
 * the bench's loaded 2 cores (fresh pages are slow to touch on these VMs); a quarter keeps
 * each task short at the cost of a few more yields.
 */
const SLICE_PX = 262_144;

const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface DecodeWorkerRequest {
  id: number;
  blob: Blob;
}
export type DecodeWorkerResponse =
  | { id: number; ok: true; width: number; height: number; data: Uint8ClampedArray<ArrayBuffer> }
  | { id: number; ok: false; message: string };

let worker: Worker | undefined | null;
let nextId = 0;
const waiting = new Map<number, (r: DecodeWorkerResponse | undefined) => void>();

/** The shared module worker, made on first use; null where workers are unavailable (SSR, jsdom). */
function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return null;
  try {
    const w = new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<DecodeWorkerResponse>) => {
      waiting.get(event.data.id)?.(event.data);
      waiting.delete(event.data.id);
    };
    w.onerror = () => {
      // A worker that cannot load (CSP, a bundler without worker support): the main thread
      // decodes, for good.
      worker = null;
      for (const done of waiting.values()) done(undefined);
      waiting.clear();
    };
    worker = w;
  } catch {
    worker = null;
  }
  return worker;
}

/** Decodes in the worker; undefined when there is none or it failed to load. */
function decodeInWorker(blob: Blob): Promise<DecodeWorkerResponse | undefined> {
  const w = getWorker();
  if (!w) return Promise.resolve(undefined);
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, blob } satisfies DecodeWorkerRequest);
  });
}

/**
 * Decodes an image (a Blob, or a same-origin / CORS-enabled URL) into straight-alpha RGBA
 * without holding the main thread: in a module worker where there is one (decode and
 * read-back both off the main thread, the pixels transferred), else on the main thread
 * with the pixels read back in quarter-megapixel bands and a yield between bands.
 */
export async function decodePixels(
  source: Blob | string,
  signal?: AbortSignal,
): Promise<RgbaPixels> {
  const blob = typeof source === 'string' ? await (await fetch(source, { signal })).blob() : source;
  signal?.throwIfAborted();
  const decoded = await decodeInWorker(blob);
  signal?.throwIfAborted();
  if (decoded?.ok) return { width: decoded.width, height: decoded.height, data: decoded.data };
  if (decoded) throw new Error(decoded.message);
  return decodeInSlices(blob, signal);
}

/**
 * The main thread's way: `createImageBitmap`, then the pixels read back in bands of rows
 * with a yield between them (one 12 MP `getImageData` is a long task of 100 ms or more on
 * two cores).
 */
async function decodeInSlices(blob: Blob, signal?: AbortSignal): Promise<RgbaPixels> {
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none' });
  try {
    const { width, height } = bitmap;
    const rows = Math.max(1, Math.min(height, Math.floor(SLICE_PX / width)));
    const canvas =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(width, rows)
        : Object.assign(document.createElement('canvas'), { width, height: rows });
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as
      | CanvasRenderingContext2D
      | OffscreenCanvasRenderingContext2D
      | null;
    if (!ctx) throw new Error('no 2D canvas to read the image pixels');
    const data = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y += rows) {
      signal?.throwIfAborted();
      const h = Math.min(rows, height - y);
      ctx.clearRect(0, 0, width, rows);
      ctx.drawImage(bitmap, 0, y, width, h, 0, 0, width, h);
      data.set(ctx.getImageData(0, 0, width, h).data, y * width * 4);
      if (y + h < height) await yieldToMain();
    }
    return { width, height, data };
  } finally {
    bitmap.close();
  }
}

import type { RgbaPixels } from './maskBuffer';

/**
 * Pixels read back per slice: a quarter megapixel (1 MB). At 1 MP a slice took 100–150 ms on
 * the bench's loaded 2 cores (fresh pages are slow to touch on these VMs); a quarter keeps
 * each task short at the cost of a few more yields.
 */
const SLICE_PX = 262_144;

const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Decodes an image (a Blob, or a same-origin / CORS-enabled URL) into straight-alpha RGBA
 * without holding the main thread: `createImageBitmap` decodes off the main thread, and the
 * pixels are read back in ~1 MP bands of rows with a yield between bands (one 12 MP
 * `getImageData` is a single long task of 100 ms or more on two cores).
 */
export async function decodePixels(
  source: Blob | string,
  signal?: AbortSignal,
): Promise<RgbaPixels> {
  const blob = typeof source === 'string' ? await (await fetch(source, { signal })).blob() : source;
  signal?.throwIfAborted();
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

import type { ComposedRaster, OutputFormat, RasterImage } from '@cutout/core/output';

/**
 * The browser's codec around core's `composeRaster`, as sharp is the server's: decode a
 * cutout to straight RGBA through a canvas, put the composed pixels on a canvas, encode it.
 * Works in a worker (OffscreenCanvas) and on the main thread (a DOM canvas) alike; the
 * parity test runs exactly these functions in Chromium against the server's sharp path.
 */
export type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;
type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** An OffscreenCanvas where there is one (workers, modern browsers), else a DOM canvas. */
export function makeCanvas(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function context(canvas: AnyCanvas, readBack: boolean): Context2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: readBack }) as Context2D | null;
  if (!ctx) throw new Error('2D canvas unavailable');
  return ctx;
}

/**
 * Decodes an image file to straight RGBA. `premultiplyAlpha: 'none'` and no colour
 * conversion keep the file's numbers (a canvas still stores premultiplied pixels, so the
 * colour of nearly transparent pixels is rounded: invisible once composed, and the reason
 * the parity test compares premultiplied values).
 */
export async function decodeToPixels(blob: Blob): Promise<RasterImage> {
  const bitmap = await createImageBitmap(blob, {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  });
  try {
    const { width, height } = bitmap;
    const ctx = context(makeCanvas(width, height), true);
    ctx.drawImage(bitmap, 0, 0);
    return { data: ctx.getImageData(0, 0, width, height).data, width, height };
  } finally {
    bitmap.close();
  }
}

/** The composed pixels on a canvas; a one-channel matte is drawn as opaque grey. */
export function rasterToCanvas(composed: ComposedRaster): AnyCanvas {
  const { width, height, channels, data } = composed;
  const canvas = makeCanvas(width, height);
  const ctx = context(canvas, false);
  let rgba = data;
  if (channels === 1) {
    rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0, o = 0; i < data.length; i++, o += 4) {
      const v = data[i]!;
      rgba[o] = v;
      rgba[o + 1] = v;
      rgba[o + 2] = v;
      rgba[o + 3] = 255;
    }
  }
  const image = ctx.createImageData(width, height);
  image.data.set(rgba);
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** Quality of lossy encodes: the server's sharp settings (quality 90) on the canvas scale. */
export const ENCODE_QUALITY = 0.9;

/** Encodes a canvas as the output format (the browser's encoder; same pixels as the server's). */
export function encodeCanvas(canvas: AnyCanvas, format: OutputFormat): Promise<Blob> {
  const type = `image/${format}`;
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality: ENCODE_QUALITY });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('canvas.toBlob failed'))),
      type,
      ENCODE_QUALITY,
    ),
  );
}

/** A bitmap of `canvas` at most `maxEdge` on its long side, for a cheap main-thread draw. */
export function previewBitmap(canvas: AnyCanvas, maxEdge: number): Promise<ImageBitmap> {
  const scale = Math.min(1, maxEdge / Math.max(canvas.width, canvas.height));
  return createImageBitmap(canvas, {
    resizeWidth: Math.max(1, Math.round(canvas.width * scale)),
    resizeHeight: Math.max(1, Math.round(canvas.height * scale)),
    resizeQuality: 'medium',
  });
}

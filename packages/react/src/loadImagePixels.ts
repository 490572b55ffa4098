import type { EdgePixelsInput } from './analyzeEdgesAsync';

/** Loads an image URL (same origin or CORS-enabled, e.g. a cutout's object URL). */
export function loadImage(src: string, signal?: AbortSignal): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.crossOrigin = 'anonymous';
    img.decoding = 'async';
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image failed to load'));
    signal?.addEventListener('abort', () => {
      img.src = '';
      reject(new DOMException('Aborted', 'AbortError'));
    });
    img.src = src;
  });
}

/** A 2D context, or null where canvas is unavailable (SSR, jsdom without the canvas package). */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d', { willReadFrequently: false });
  } catch {
    return null;
  }
}

/** RGBA pixels of an image, or null where canvas is unavailable. */
export function readPixels(img: HTMLImageElement): EdgePixelsInput | null {
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = context2d(canvas);
  if (!ctx || canvas.width === 0 || canvas.height === 0) return null;
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { data: data.data, width: data.width, height: data.height };
}

/** An alpha matte: one byte per pixel, 0 transparent … 255 opaque, row-major. */
export interface MaskBuffer {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Straight-alpha RGBA pixels, as `getImageData().data`. */
export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** A pixel rectangle, `x`/`y` inclusive, `width`/`height` in pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Side of the square tiles strokes and history work in: a stroke copies only the tiles it
 * touches (64 × 64 = 4 KiB of mask each), so nothing scales with the image's size.
 */
export const TILE = 64;

/** The alpha channel of RGBA pixels as a mask. */
export function maskFromAlpha(pixels: RgbaPixels): MaskBuffer {
  const { width, height, data } = pixels;
  const mask = new Uint8Array(width * height);
  for (let i = 0, j = 3; i < mask.length; i++, j += 4) mask[i] = data[j]!;
  return { width, height, data: mask };
}

/** The smallest rectangle holding both (either may be undefined). */
export function unionRect(a: Rect | undefined, b: Rect | undefined): Rect | undefined {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** `r` clipped to a width × height image, or undefined when nothing is left. */
export function clipRect(r: Rect, width: number, height: number): Rect | undefined {
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(width, Math.ceil(r.x + r.width));
  const y1 = Math.min(height, Math.ceil(r.y + r.height));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
}

/** The rectangle of tile `index` in a mask `width` pixels wide (clipped at the borders). */
export function tileRect(index: number, width: number, height: number): Rect {
  const cols = Math.ceil(width / TILE);
  const x = (index % cols) * TILE;
  const y = Math.floor(index / cols) * TILE;
  return { x, y, width: Math.min(TILE, width - x), height: Math.min(TILE, height - y) };
}

/** Copies a rectangle of `mask` into a new array (row-major, `rect.width` wide). */
export function readRect(mask: MaskBuffer, rect: Rect): Uint8Array {
  const out = new Uint8Array(rect.width * rect.height);
  for (let row = 0; row < rect.height; row++) {
    const start = (rect.y + row) * mask.width + rect.x;
    out.set(mask.data.subarray(start, start + rect.width), row * rect.width);
  }
  return out;
}

/** Writes `bytes` (as `readRect` made them) back into `mask`. */
export function writeRect(mask: MaskBuffer, rect: Rect, bytes: Uint8Array): void {
  for (let row = 0; row < rect.height; row++) {
    const at = row * rect.width;
    mask.data.set(bytes.subarray(at, at + rect.width), (rect.y + row) * mask.width + rect.x);
  }
}

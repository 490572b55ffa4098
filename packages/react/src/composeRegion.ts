import type { MaskBuffer, Rect, RgbaPixels } from './maskBuffer';

/**
 * The edited cutout's straight-alpha RGBA for `rect`: alpha from the mask; colour from the
 * cutout where the cutout had any alpha (the engine's decontaminated edge colour), from the
 * original photo where it had none (pixels the restore brush brings back). Writes into `out`
 * (`rect.width × rect.height × 4`), or a new array.
 */
export function composeRegion(
  mask: MaskBuffer,
  cutout: RgbaPixels,
  original: RgbaPixels,
  rect: Rect,
  out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(rect.width * rect.height * 4),
): Uint8ClampedArray<ArrayBuffer> {
  const { width } = mask;
  const c = cutout.data;
  const o = original.data;
  let j = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    let p = y * width + rect.x;
    for (let x = 0; x < rect.width; x++, p++, j += 4) {
      const i = p * 4;
      const src = c[i + 3]! > 0 ? c : o;
      out[j] = src[i]!;
      out[j + 1] = src[i + 1]!;
      out[j + 2] = src[i + 2]!;
      out[j + 3] = mask.data[p]!;
    }
  }
  return out;
}

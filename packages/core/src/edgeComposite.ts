import { assertRgb, assertRgbaPixels, type Rgb, type RgbaPixels } from './edgePixels';

/**
 * Composites straight-alpha RGBA over an opaque colour (default #111, the dark background the
 * provider recommends for spotting halos): out = a·C + (1 − a)·bg per channel. Returns RGB,
 * 3 bytes a pixel, in a fresh buffer the caller may transfer out of a worker.
 */
export function compositeOver(
  pixels: RgbaPixels,
  width: number,
  height: number,
  rgb: Rgb = [17, 17, 17],
): Uint8ClampedArray {
  assertRgbaPixels(pixels, width, height, 'compositeOver');
  assertRgb(rgb, 'compositeOver');
  const n = width * height;
  const out = new Uint8ClampedArray(n * 3);
  const [br, bg, bb] = rgb;
  for (let p = 0, i = 0, o = 0; p < n; p++, i += 4, o += 3) {
    const a = pixels[i + 3]! / 255;
    const ia = 1 - a;
    out[o] = pixels[i]! * a + br * ia;
    out[o + 1] = pixels[i + 1]! * a + bg * ia;
    out[o + 2] = pixels[i + 2]! * a + bb * ia;
  }
  return out;
}

import type { RgbaPixels } from './edgePixels';

/**
 * Box-downsamples RGBA by an integer factor (the last row/column of blocks may be partial).
 * Colour is averaged premultiplied (weighted by alpha) so transparent pixels' arbitrary colour
 * does not darken or tint the edge, then un-premultiplied; alpha is the plain block mean.
 * Note a hard edge becomes semi-transparent at block boundaries: a downsampled analysis sees
 * softer edges than the full-resolution one.
 *
 * `colour` is the same image with alpha Σa²/Σa instead of the mean: the alpha under which the
 * averaged colour still obeys the compositing equation. If every pixel of a block stores
 * C = a·F + (1 − a)·B, the premultiplied mean is F·Σa²/Σa + B·(1 − Σa²/Σa), so fringe
 * measures read off `colour` match the full-resolution ones, while the plain mean alpha keeps
 * the geometry (coverage, band widths) right.
 */
export function downsampleRgba(
  pixels: RgbaPixels,
  width: number,
  height: number,
  factor: number,
): { pixels: Uint8ClampedArray; colour: Uint8ClampedArray; width: number; height: number } {
  const f = Math.max(1, Math.floor(factor));
  const ow = Math.ceil(width / f);
  const oh = Math.ceil(height / f);
  const out = new Uint8ClampedArray(ow * oh * 4);
  const colour = new Uint8ClampedArray(ow * oh * 4);
  const acc = new Float64Array(ow * 4);
  const acc2 = new Float64Array(ow);
  for (let oy = 0; oy < oh; oy++) {
    acc.fill(0);
    acc2.fill(0);
    const y0 = oy * f;
    const y1 = Math.min(height, y0 + f);
    for (let y = y0; y < y1; y++) {
      let i = y * width * 4;
      for (let x = 0; x < width; x++, i += 4) {
        const o = ((x / f) | 0) * 4;
        const a = pixels[i + 3]!;
        acc[o] = acc[o]! + pixels[i]! * a;
        acc[o + 1] = acc[o + 1]! + pixels[i + 1]! * a;
        acc[o + 2] = acc[o + 2]! + pixels[i + 2]! * a;
        acc[o + 3] = acc[o + 3]! + a;
        acc2[o >> 2] = acc2[o >> 2]! + a * a;
      }
    }
    const rows = y1 - y0;
    for (let ox = 0; ox < ow; ox++) {
      const cols = Math.min(width, ox * f + f) - ox * f;
      const o = ox * 4;
      const sa = acc[o + 3]!;
      const d = (oy * ow + ox) * 4;
      if (sa > 0) {
        out[d] = acc[o]! / sa;
        out[d + 1] = acc[o + 1]! / sa;
        out[d + 2] = acc[o + 2]! / sa;
        colour[d] = out[d]!;
        colour[d + 1] = out[d + 1]!;
        colour[d + 2] = out[d + 2]!;
        colour[d + 3] = acc2[ox]! / sa;
      }
      out[d + 3] = sa / (rows * cols);
    }
  }
  return { pixels: out, colour, width: ow, height: oh };
}

import { assertRgbaPixels, type RgbaPixels } from './edgePixels';

export interface AlphaStats {
  /** Pixels with alpha 0. */
  transparent: number;
  /** Pixels with 0 < alpha < 255. */
  partial: number;
  /** Pixels with alpha 255. */
  opaque: number;
  /** Mean alpha over the image, 0..1 (the subject's coverage, soft pixels counted by alpha). */
  coverage: number;
  /** Count of pixels at each alpha value 0..255. */
  histogram: Uint32Array;
}

/** Alpha census of an RGBA buffer: what share is subject, background and soft edge. */
export function alphaStats(pixels: RgbaPixels, width: number, height: number): AlphaStats {
  assertRgbaPixels(pixels, width, height, 'alphaStats');
  const histogram = new Uint32Array(256);
  const n = width * height;
  for (let i = 3; i < n * 4; i += 4) histogram[pixels[i]!]!++;
  let sum = 0;
  for (let a = 0; a < 256; a++) sum += a * histogram[a]!;
  const transparent = histogram[0]!;
  const opaque = histogram[255]!;
  return {
    transparent,
    opaque,
    partial: n - transparent - opaque,
    coverage: sum / (255 * n),
    histogram,
  };
}

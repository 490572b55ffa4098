import { FRESH, type Scratch } from './scratch';

/**
 * Area-average downsample of one channel of an interleaved image (or a plane: `stride` 1),
 * multiplied by `scale` (1/255 turns 8-bit into 0..1). Each output pixel averages the source
 * pixels whose centres fall in its footprint, so thin strands fade to partial values instead
 * of aliasing away as nearest or bilinear sampling would. Output size ≤ input size.
 */
export function areaDownsample(
  src: Uint8Array | Float32Array,
  width: number,
  height: number,
  stride: number,
  offset: number,
  dstWidth: number,
  dstHeight: number,
  scale = 1,
  out: Float32Array = new Float32Array(dstWidth * dstHeight),
): Float32Array {
  const colStart = new Int32Array(dstWidth + 1);
  for (let x = 0; x <= dstWidth; x++) colStart[x] = Math.round((x * width) / dstWidth);
  const acc = new Float64Array(dstWidth);
  for (let dy = 0; dy < dstHeight; dy++) {
    const y0 = Math.round((dy * height) / dstHeight);
    const y1 = Math.max(y0 + 1, Math.round(((dy + 1) * height) / dstHeight));
    acc.fill(0);
    for (let y = y0; y < y1; y++) {
      const row = y * width;
      for (let dx = 0; dx < dstWidth; dx++) {
        const xa = colStart[dx]!;
        const xb = Math.max(xa + 1, colStart[dx + 1]!);
        let s = 0;
        for (let x = xa; x < xb; x++) s += src[(row + x) * stride + offset]!;
        acc[dx]! += s;
      }
    }
    const orow = dy * dstWidth;
    for (let dx = 0; dx < dstWidth; dx++) {
      const xa = colStart[dx]!;
      const xb = Math.max(xa + 1, colStart[dx + 1]!);
      out[orow + dx] = (acc[dx]! * scale) / ((xb - xa) * (y1 - y0));
    }
  }
  return out;
}

/**
 * Default long edge of the working resolution alpha refinement solves at, with a window
 * radius of 6 there (`refineAlpha`). That window covers the same image pixels as radius 12 at
 * 1024 on photos over 1024 px, and gives the same cutouts on the demo's 1600–2400 px photos
 * at a quarter of the cost; dev set: SAD 3.39 vs 3.49, halo 12.8 vs 12.9. (512 with radius
 * 12 scored well on the 800×600 dev set but doubled the window on large photos: white parts
 * on light backgrounds got a visible glow, 40–180 % more semi-transparent pixels.)
 */
export const DEFAULT_REFINE_LONG_EDGE = 512;

/**
 * Default long edge decontamination blurs at. Its blurs are wide (radii 90, 12, 3 full-res px)
 * and its last step runs per pixel at full resolution, so 512 gives the same cutouts as 1024
 * (same halo score on the dev set, no visible difference on the demo's photos) for a quarter
 * of the box filtering.
 */
export const DEFAULT_FOREGROUND_LONG_EDGE = 512;

/** Working size: the image scaled to fit `longEdge`, never enlarged. */
export function fitLongEdge(width: number, height: number, longEdge: number): [number, number] {
  const s = Math.min(1, longEdge / Math.max(width, height));
  return [Math.max(1, Math.round(width * s)), Math.max(1, Math.round(height * s))];
}

/** Three 0..1 planes of an 8-bit interleaved image at a working size (the guide). */
export interface WorkImage {
  width: number;
  height: number;
  planes: [Float32Array, Float32Array, Float32Array];
}

/**
 * Area-average downsample of the three colour channels in one pass over the source (three
 * separate passes over a 12 MP image cost three times the memory traffic). Values in 0..1.
 */
export function downsampleRgb(
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: number,
  dstWidth: number,
  dstHeight: number,
  scratch: Scratch = FRESH,
  /**
   * Only this window of the `dstWidth × dstHeight` result (inclusive bounds), as an image of
   * its own size: refinement needs the guide only where the band is (`bandBox`).
   */
  region?: { left: number; top: number; right: number; bottom: number },
): WorkImage {
  const { left = 0, top = 0, right = dstWidth - 1, bottom = dstHeight - 1 } = region ?? {};
  const ow = right - left + 1;
  const oh = bottom - top + 1;
  const planes: [Float32Array, Float32Array, Float32Array] = [
    scratch.floats(ow * oh),
    scratch.floats(ow * oh),
    scratch.floats(ow * oh),
  ];
  const colStart = new Int32Array(dstWidth + 1);
  for (let x = 0; x <= dstWidth; x++) colStart[x] = Math.round((x * width) / dstWidth);
  const accR = new Float64Array(dstWidth);
  const accG = new Float64Array(dstWidth);
  const accB = new Float64Array(dstWidth);
  const [pr, pg, pb] = planes;
  for (let dy = top; dy <= bottom; dy++) {
    const y0 = Math.round((dy * height) / dstHeight);
    const y1 = Math.max(y0 + 1, Math.round(((dy + 1) * height) / dstHeight));
    accR.fill(0);
    accG.fill(0);
    accB.fill(0);
    for (let y = y0; y < y1; y++) {
      const row = y * width;
      for (let dx = left; dx <= right; dx++) {
        const xa = colStart[dx]!;
        const xb = Math.max(xa + 1, colStart[dx + 1]!);
        let r = 0;
        let g = 0;
        let b = 0;
        for (let j = (row + xa) * channels, end = (row + xb) * channels; j < end; j += channels) {
          r += rgb[j]!;
          g += rgb[j + 1]!;
          b += rgb[j + 2]!;
        }
        accR[dx]! += r;
        accG[dx]! += g;
        accB[dx]! += b;
      }
    }
    const orow = (dy - top) * ow - left;
    for (let dx = left; dx <= right; dx++) {
      const xa = colStart[dx]!;
      const k = 1 / (255 * (Math.max(xa + 1, colStart[dx + 1]!) - xa) * (y1 - y0));
      pr[orow + dx] = accR[dx]! * k;
      pg[orow + dx] = accG[dx]! * k;
      pb[orow + dx] = accB[dx]! * k;
    }
  }
  return { width: ow, height: oh, planes };
}

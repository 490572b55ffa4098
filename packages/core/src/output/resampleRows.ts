import {
  filterSpan,
  filterSpan2,
  filterSpan3,
  filterSpan4,
  filterWords2,
  filterWords3,
  filterWords4,
  LITTLE_ENDIAN,
  type Taps,
} from './filterSpans';

/** The part of a source image to resample; fractional for cover-fitted backgrounds. */
export interface ResampleRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Filter taps along one axis: a triangle (linear) filter widened by the shrink factor, so
 * a downscale averages every source pixel it covers (no aliasing) and an upscale is
 * bilinear. Pixel centres sit at +0.5; taps outside the region's whole pixels clamp to its
 * edge (a crop box's neighbours never leak in, as with cropping first). At scale 1 on whole
 * pixels each output takes one source pixel with weight 1: an exact copy.
 */
function makeTaps(srcStart: number, srcLength: number, dstLength: number, limit: number): Taps {
  const scale = dstLength / srcLength;
  const support = scale < 1 ? 1 / scale : 1;
  const max = Math.ceil(support) * 2 + 2;
  const first = Math.max(0, Math.floor(srcStart));
  const last = Math.min(limit, Math.ceil(srcStart + srcLength)) - 1;
  const start = new Int32Array(dstLength);
  const count = new Int32Array(dstLength);
  const weights = new Float32Array(dstLength * max);
  const w = new Float64Array(max);
  for (let i = 0; i < dstLength; i++) {
    const centre = srcStart + (i + 0.5) / scale;
    const from = Math.floor(centre - support);
    const lo0 = Math.max(first, Math.min(last, from));
    w.fill(0);
    let sum = 0;
    let lo = limit;
    let hi = -1;
    for (let j = from; j <= Math.ceil(centre + support); j++) {
      const weight = 1 - Math.abs(j + 0.5 - centre) / support;
      // Zero-weight taps are dropped, so a 1:1 copy reads one pixel, not three.
      if (weight <= 0) continue;
      const jc = Math.max(first, Math.min(last, j));
      w[jc - lo0]! += weight;
      sum += weight;
      if (jc < lo) lo = jc;
      if (jc > hi) hi = jc;
    }
    if (hi < lo) lo = hi = lo0;
    start[i] = lo;
    count[i] = hi - lo + 1;
    for (let k = 0; k <= hi - lo; k++) {
      weights[i * max + k] = sum > 0 ? w[lo - lo0 + k]! / sum : 0;
    }
  }
  let fixed = 0;
  for (let i = 0; i < dstLength; i++) fixed = Math.max(fixed, count[i]!);
  if (fixed > last - first + 1) fixed = 0;
  const fixedStart = new Int32Array(fixed > 0 ? dstLength : 0);
  const fixedWeights = new Float32Array(fixed > 0 ? dstLength * fixed : 0);
  for (let i = 0; fixed > 0 && i < dstLength; i++) {
    const s = Math.min(start[i]!, last - fixed + 1);
    fixedStart[i] = s;
    for (let k = 0; k < count[i]!; k++) {
      fixedWeights[i * fixed + start[i]! - s + k] = weights[i * max + k]!;
    }
  }
  return { start, count, weights, max, fixed, fixedStart, fixedWeights };
}

/**
 * Resamples `region` of a straight-RGBA image to `dstWidth × dstHeight`, handing each output
 * row to `onRow` as premultiplied RGBA floats on a 0..255 scale (32-bit: half the memory
 * traffic of doubles, far below a 1/255 step). Separable (horizontal, then
 * vertical over a ring of filtered rows), so memory is a few rows, not a second image; this
 * one function is the maths of both the server's composition and the browser's preview.
 */
export function resampleRows(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  region: ResampleRegion,
  dstWidth: number,
  dstHeight: number,
  onRow: (y: number, row: Float32Array) => void,
): void {
  const h = makeTaps(region.x, region.width, dstWidth, width);
  const v = makeTaps(region.y, region.height, dstHeight, height);
  const ringSize = v.max;
  const ring = Array.from({ length: ringSize }, () => new Float32Array(dstWidth * 4));
  const ringRow = new Int32Array(ringSize).fill(-1);
  // Per ring slot, the output columns that can be non-zero (transparent runs are skipped).
  const ringLo = new Int32Array(ringSize);
  const ringHi = new Int32Array(ringSize);
  const out = new Float32Array(dstWidth * 4);
  let outLo = 0;
  let outHi = 0;
  const hStart = h.start;
  const hCount = h.count;
  const colFirst = hStart[0]!;
  const colLast = hStart[dstWidth - 1]! + hCount[dstWidth - 1]! - 1;

  // One 32-bit load a pixel instead of four byte loads (little-endian: R is the low byte).
  const words =
    LITTLE_ENDIAN && pixels.byteOffset % 4 === 0
      ? new Int32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2)
      : undefined;

  const filterRow = (sy: number): number => {
    const slot = sy % ringSize;
    if (ringRow[slot] === sy) return slot;
    ringRow[slot] = sy;
    const buf = ring[slot]!;
    const rowBase = sy * width * 4;
    // The row's first and last pixels with any alpha: outputs whose taps all lie outside
    // them are 0 (a cutout is mostly transparent around its subject).
    let a0 = colFirst;
    while (a0 <= colLast && pixels[rowBase + a0 * 4 + 3] === 0) a0++;
    let a1 = colLast;
    while (a1 >= a0 && pixels[rowBase + a1 * 4 + 3] === 0) a1--;
    let lo = 0;
    while (lo < dstWidth && hStart[lo]! + hCount[lo]! - 1 < a0) lo++;
    let hi = dstWidth;
    while (hi > lo && hStart[hi - 1]! > a1) hi--;
    const prevLo = ringLo[slot]!;
    const prevHi = ringHi[slot]!;
    // Clear only what the previous row in this slot wrote outside this row's span.
    if (prevLo < lo) buf.fill(0, prevLo * 4, Math.min(lo, prevHi) * 4);
    if (prevHi > hi) buf.fill(0, Math.max(hi, prevLo) * 4, prevHi * 4);
    ringLo[slot] = lo;
    ringHi[slot] = hi;
    if (words && h.fixed === 2) filterWords2(words, sy * width, h, buf, lo, hi);
    else if (words && h.fixed === 3) filterWords3(words, sy * width, h, buf, lo, hi);
    else if (words && h.fixed === 4) filterWords4(words, sy * width, h, buf, lo, hi);
    else if (h.fixed === 2) filterSpan2(pixels, rowBase, h, buf, lo, hi);
    else if (h.fixed === 3) filterSpan3(pixels, rowBase, h, buf, lo, hi);
    else if (h.fixed === 4) filterSpan4(pixels, rowBase, h, buf, lo, hi);
    else filterSpan(pixels, rowBase, h, buf, lo, hi);
    return slot;
  };

  for (let y = 0; y < dstHeight; y++) {
    const first = v.start[y]!;
    const n = v.count[y]!;
    const wBase = y * v.max;
    if (n === 1) {
      onRow(y, ring[filterRow(first)]!);
      continue;
    }
    // The union of the taps' non-zero spans: the rest of the row is 0 in every tap.
    let lo = dstWidth;
    let hi = 0;
    for (let k = 0; k < n; k++) {
      const slot = filterRow(first + k);
      if (ringLo[slot]! >= ringHi[slot]!) continue; // an empty row adds nothing
      if (ringLo[slot]! < lo) lo = ringLo[slot]!;
      if (ringHi[slot]! > hi) hi = ringHi[slot]!;
    }
    if (hi <= lo) lo = hi = 0;
    // Zero only what the last row wrote outside this one's span.
    if (outLo < lo) out.fill(0, outLo * 4, Math.min(lo, outHi) * 4);
    if (outHi > hi) out.fill(0, Math.max(hi, outLo) * 4, outHi * 4);
    outLo = lo;
    outHi = hi;
    if (hi > lo) {
      const w = v.weights;
      const r0 = ring[filterRow(first)]!;
      const r1 = ring[filterRow(first + 1)]!;
      // All taps in one pass over the row (the usual 2–4 unrolled): a row read per tap
      // and one write, instead of a read-modify-write of `out` per tap.
      if (n === 2) {
        blend2(out, r0, w[wBase]!, r1, w[wBase + 1]!, lo * 4, hi * 4);
      } else if (n === 3) {
        const r2 = ring[filterRow(first + 2)]!;
        blend3(out, r0, w[wBase]!, r1, w[wBase + 1]!, r2, w[wBase + 2]!, lo * 4, hi * 4);
      } else {
        const r2 = ring[filterRow(first + 2)]!;
        const r3 = ring[filterRow(first + 3)]!;
        const w4 = [w[wBase]!, w[wBase + 1]!, w[wBase + 2]!, w[wBase + 3]!] as const;
        blend4(out, r0, r1, r2, r3, w4, lo * 4, hi * 4);
        for (let k = 4; k < n; k++) {
          const weight = w[wBase + k]!;
          if (weight !== 0) addRow(out, ring[filterRow(first + k)]!, weight, lo * 4, hi * 4);
        }
      }
    }
    onRow(y, out);
  }
}

// The per-pixel loops live in small functions of their own: inside one long function V8
// compiles each hot loop separately (on-stack replacement) and drops that code at the next
// loop, so they ran unoptimised (the engine package measured 3–10×).

function blend2(
  out: Float32Array,
  a: Float32Array,
  wa: number,
  b: Float32Array,
  wb: number,
  from: number,
  to: number,
) {
  for (let i = from; i < to; i++) out[i] = wa * a[i]! + wb * b[i]!;
}

function blend3(
  out: Float32Array,
  a: Float32Array,
  wa: number,
  b: Float32Array,
  wb: number,
  c: Float32Array,
  wc: number,
  from: number,
  to: number,
) {
  for (let i = from; i < to; i++) out[i] = wa * a[i]! + wb * b[i]! + wc * c[i]!;
}

function blend4(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  d: Float32Array,
  w: readonly [number, number, number, number],
  from: number,
  to: number,
) {
  const [wa, wb, wc, wd] = w;
  for (let i = from; i < to; i++) out[i] = wa * a[i]! + wb * b[i]! + wc * c[i]! + wd * d[i]!;
}

function addRow(out: Float32Array, src: Float32Array, w: number, from: number, to: number) {
  for (let i = from; i < to; i++) out[i] = out[i]! + w * src[i]!;
}

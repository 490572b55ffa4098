/** The part of a source image to resample; fractional for cover-fitted backgrounds. */
export interface ResampleRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  /** Stride of `weights` per output pixel. */
  max: number;
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
  return { start, count, weights, max };
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
  const hStart = h.start;
  const hCount = h.count;
  const colFirst = hStart[0]!;
  const colLast = hStart[dstWidth - 1]! + hCount[dstWidth - 1]! - 1;

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
    filterSpan(pixels, rowBase, h, buf, lo, hi);
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
    out.fill(0);
    if (hi > lo) {
      // First tap assigns, the others add: one pass less over the row than fill + add.
      scaleRow(out, ring[filterRow(first)]!, v.weights[wBase]!, lo * 4, hi * 4);
      for (let k = 1; k < n; k++) {
        const weight = v.weights[wBase + k]!;
        if (weight !== 0) addRow(out, ring[filterRow(first + k)]!, weight, lo * 4, hi * 4);
      }
    }
    onRow(y, out);
  }
}

// The per-pixel loops live in small functions of their own: inside one long function V8
// compiles each hot loop separately (on-stack replacement) and drops that code at the next
// loop, so they ran unoptimised (the engine package measured 3–10×).

function scaleRow(out: Float32Array, src: Float32Array, w: number, from: number, to: number) {
  for (let i = from; i < to; i++) out[i] = w * src[i]!;
}

function addRow(out: Float32Array, src: Float32Array, w: number, from: number, to: number) {
  for (let i = from; i < to; i++) out[i] = out[i]! + w * src[i]!;
}

/** The horizontal filter of one source row, outputs `lo..hi`, premultiplied. */
function filterSpan(
  pixels: Uint8Array | Uint8ClampedArray,
  rowBase: number,
  h: Taps,
  buf: Float32Array,
  lo: number,
  hi: number,
) {
  const { start, count, weights, max } = h;
  for (let x = lo; x < hi; x++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    let p = rowBase + start[x]! * 4;
    const wBase = x * max;
    for (let k = 0, n = count[x]!; k < n; k++, p += 4) {
      const alpha = pixels[p + 3]!;
      if (alpha === 0) continue;
      const wa = weights[wBase + k]! * alpha;
      r += wa * pixels[p]!;
      g += wa * pixels[p + 1]!;
      b += wa * pixels[p + 2]!;
      a += wa;
    }
    const o = x * 4;
    buf[o] = r / 255;
    buf[o + 1] = g / 255;
    buf[o + 2] = b / 255;
    buf[o + 3] = a;
  }
}

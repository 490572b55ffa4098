// The horizontal filter of one source row: the generic loop and the unrolled loops for the
// usual tap counts (on bytes, and on whole pixels read as 32-bit words), all the same sums.
// In a file of their own, apart from the row ring that drives them (resampleRows.ts).

/** Filter taps along one axis (see `makeTaps` in resampleRows.ts). */
export interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  /** Stride of `weights` per output pixel. */
  max: number;
  /**
   * The same taps with one count for every output (`fixed`, 0 when the region is narrower):
   * an output with fewer real taps gets zero-weight ones, its start moved left near the
   * region's right end so every tap reads a pixel of the region. Lets the horizontal
   * filter run one branch-free, unrolled loop.
   */
  fixed: number;
  fixedStart: Int32Array;
  fixedWeights: Float32Array;
}

/** The horizontal filter of one source row, outputs `lo..hi`, premultiplied. */
export function filterSpan(
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

// The usual tap counts unrolled (a shrink to 0.5–1× reads 2–4 source pixels an output):
// the same sums in the same order as `filterSpan`, without its inner loop and branch.

export function filterSpan2(
  px: Uint8Array | Uint8ClampedArray,
  rowBase: number,
  h: Taps,
  buf: Float32Array,
  lo: number,
  hi: number,
) {
  const start = h.fixedStart;
  const w = h.fixedWeights;
  for (let x = lo; x < hi; x++) {
    const p = rowBase + start[x]! * 4;
    const w0 = w[x * 2]! * px[p + 3]!;
    const w1 = w[x * 2 + 1]! * px[p + 7]!;
    const o = x * 4;
    buf[o] = (w0 * px[p]! + w1 * px[p + 4]!) / 255;
    buf[o + 1] = (w0 * px[p + 1]! + w1 * px[p + 5]!) / 255;
    buf[o + 2] = (w0 * px[p + 2]! + w1 * px[p + 6]!) / 255;
    buf[o + 3] = w0 + w1;
  }
}

export function filterSpan3(
  px: Uint8Array | Uint8ClampedArray,
  rowBase: number,
  h: Taps,
  buf: Float32Array,
  lo: number,
  hi: number,
) {
  const start = h.fixedStart;
  const w = h.fixedWeights;
  for (let x = lo; x < hi; x++) {
    const p = rowBase + start[x]! * 4;
    const w0 = w[x * 3]! * px[p + 3]!;
    const w1 = w[x * 3 + 1]! * px[p + 7]!;
    const w2 = w[x * 3 + 2]! * px[p + 11]!;
    const o = x * 4;
    buf[o] = (w0 * px[p]! + w1 * px[p + 4]! + w2 * px[p + 8]!) / 255;
    buf[o + 1] = (w0 * px[p + 1]! + w1 * px[p + 5]! + w2 * px[p + 9]!) / 255;
    buf[o + 2] = (w0 * px[p + 2]! + w1 * px[p + 6]! + w2 * px[p + 10]!) / 255;
    buf[o + 3] = w0 + w1 + w2;
  }
}

export function filterSpan4(
  px: Uint8Array | Uint8ClampedArray,
  rowBase: number,
  h: Taps,
  buf: Float32Array,
  lo: number,
  hi: number,
) {
  const start = h.fixedStart;
  const w = h.fixedWeights;
  for (let x = lo; x < hi; x++) {
    const p = rowBase + start[x]! * 4;
    const w0 = w[x * 4]! * px[p + 3]!;
    const w1 = w[x * 4 + 1]! * px[p + 7]!;
    const w2 = w[x * 4 + 2]! * px[p + 11]!;
    const w3 = w[x * 4 + 3]! * px[p + 15]!;
    const o = x * 4;
    buf[o] = (w0 * px[p]! + w1 * px[p + 4]! + w2 * px[p + 8]! + w3 * px[p + 12]!) / 255;
    buf[o + 1] = (w0 * px[p + 1]! + w1 * px[p + 5]! + w2 * px[p + 9]! + w3 * px[p + 13]!) / 255;
    buf[o + 2] = (w0 * px[p + 2]! + w1 * px[p + 6]! + w2 * px[p + 10]! + w3 * px[p + 14]!) / 255;
    buf[o + 3] = w0 + w1 + w2 + w3;
  }
}

export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// `filterSpanN` on whole pixels read as words: the same sums in the same order.

export function filterWords2(
  words: Int32Array,
  pixelBase: number,
  h: Taps,
  buf: Float32Array,
  lo: number,
  hi: number,
) {
  const start = h.fixedStart;
  const w = h.fixedWeights;
  for (let x = lo; x < hi; x++) {
    const p = pixelBase + start[x]!;
    const c0 = words[p]!;
    const c1 = words[p + 1]!;
    const w0 = w[x * 2]! * (c0 >>> 24);
    const w1 = w[x * 2 + 1]! * (c1 >>> 24);
    const o = x * 4;
    buf[o] = (w0 * (c0 & 255) + w1 * (c1 & 255)) / 255;
    buf[o + 1] = (w0 * ((c0 >> 8) & 255) + w1 * ((c1 >> 8) & 255)) / 255;
    buf[o + 2] = (w0 * ((c0 >> 16) & 255) + w1 * ((c1 >> 16) & 255)) / 255;
    buf[o + 3] = w0 + w1;
  }
}

export function filterWords4(
  words: Int32Array,
  pixelBase: number,
  h: Taps,
  buf: Float32Array,
  lo: number,
  hi: number,
) {
  const start = h.fixedStart;
  const w = h.fixedWeights;
  for (let x = lo; x < hi; x++) {
    const p = pixelBase + start[x]!;
    const c0 = words[p]!;
    const c1 = words[p + 1]!;
    const c2 = words[p + 2]!;
    const c3 = words[p + 3]!;
    const w0 = w[x * 4]! * (c0 >>> 24);
    const w1 = w[x * 4 + 1]! * (c1 >>> 24);
    const w2 = w[x * 4 + 2]! * (c2 >>> 24);
    const w3 = w[x * 4 + 3]! * (c3 >>> 24);
    const o = x * 4;
    buf[o] = (w0 * (c0 & 255) + w1 * (c1 & 255) + w2 * (c2 & 255) + w3 * (c3 & 255)) / 255;
    buf[o + 1] =
      (w0 * ((c0 >> 8) & 255) +
        w1 * ((c1 >> 8) & 255) +
        w2 * ((c2 >> 8) & 255) +
        w3 * ((c3 >> 8) & 255)) /
      255;
    buf[o + 2] =
      (w0 * ((c0 >> 16) & 255) +
        w1 * ((c1 >> 16) & 255) +
        w2 * ((c2 >> 16) & 255) +
        w3 * ((c3 >> 16) & 255)) /
      255;
    buf[o + 3] = w0 + w1 + w2 + w3;
  }
}

export function filterWords3(
  words: Int32Array,
  pixelBase: number,
  h: Taps,
  buf: Float32Array,
  lo: number,
  hi: number,
) {
  const start = h.fixedStart;
  const w = h.fixedWeights;
  for (let x = lo; x < hi; x++) {
    const p = pixelBase + start[x]!;
    const c0 = words[p]!;
    const c1 = words[p + 1]!;
    const c2 = words[p + 2]!;
    const w0 = w[x * 3]! * (c0 >>> 24);
    const w1 = w[x * 3 + 1]! * (c1 >>> 24);
    const w2 = w[x * 3 + 2]! * (c2 >>> 24);
    const o = x * 4;
    buf[o] = (w0 * (c0 & 255) + w1 * (c1 & 255) + w2 * (c2 & 255)) / 255;
    buf[o + 1] = (w0 * ((c0 >> 8) & 255) + w1 * ((c1 >> 8) & 255) + w2 * ((c2 >> 8) & 255)) / 255;
    buf[o + 2] =
      (w0 * ((c0 >> 16) & 255) + w1 * ((c1 >> 16) & 255) + w2 * ((c2 >> 16) & 255)) / 255;
    buf[o + 3] = w0 + w1 + w2;
  }
}

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
  weights: Float64Array;
  /** Stride of `weights` per output pixel. */
  max: number;
}

/**
 * Filter taps along one axis: a triangle (linear) filter widened by the shrink factor, so
 * a downscale averages every source pixel it covers (no aliasing) and an upscale is
 * bilinear. Pixel centres sit at +0.5; taps outside the image clamp to its edge. At scale 1
 * on whole pixels each output takes one source pixel with weight 1: an exact copy.
 */
function makeTaps(srcStart: number, srcLength: number, dstLength: number, limit: number): Taps {
  const scale = dstLength / srcLength;
  const support = scale < 1 ? 1 / scale : 1;
  const max = Math.ceil(support) * 2 + 2;
  const start = new Int32Array(dstLength);
  const count = new Int32Array(dstLength);
  const weights = new Float64Array(dstLength * max);
  const w = new Float64Array(max);
  for (let i = 0; i < dstLength; i++) {
    const centre = srcStart + (i + 0.5) / scale;
    const from = Math.floor(centre - support);
    const lo0 = Math.max(0, Math.min(limit - 1, from));
    w.fill(0);
    let sum = 0;
    let lo = limit;
    let hi = -1;
    for (let j = from; j <= Math.ceil(centre + support); j++) {
      const weight = 1 - Math.abs(j + 0.5 - centre) / support;
      // Zero-weight taps are dropped, so a 1:1 copy reads one pixel, not three.
      if (weight <= 0) continue;
      const jc = Math.max(0, Math.min(limit - 1, j));
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
 * row to `onRow` as premultiplied RGBA floats on a 0..255 scale. Separable (horizontal, then
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
  onRow: (y: number, row: Float64Array) => void,
): void {
  const h = makeTaps(region.x, region.width, dstWidth, width);
  const v = makeTaps(region.y, region.height, dstHeight, height);
  const ringSize = v.max;
  const ring = Array.from({ length: ringSize }, () => new Float64Array(dstWidth * 4));
  const ringRow = new Int32Array(ringSize).fill(-1);
  const out = new Float64Array(dstWidth * 4);
  const len = out.length;
  const hStart = h.start;
  const hCount = h.count;
  const hW = h.weights;
  const hMax = h.max;

  const filterRow = (sy: number): Float64Array => {
    const slot = sy % ringSize;
    const buf = ring[slot]!;
    if (ringRow[slot] === sy) return buf;
    ringRow[slot] = sy;
    const rowBase = sy * width * 4;
    for (let x = 0; x < dstWidth; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let p = rowBase + hStart[x]! * 4;
      const wBase = x * hMax;
      for (let k = 0, n = hCount[x]!; k < n; k++, p += 4) {
        const wa = hW[wBase + k]! * pixels[p + 3]!;
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
    return buf;
  };

  for (let y = 0; y < dstHeight; y++) {
    const first = v.start[y]!;
    const n = v.count[y]!;
    const wBase = y * v.max;
    if (n === 1) {
      onRow(y, filterRow(first));
      continue;
    }
    // First tap assigns, the others add: one pass less over the row than fill + add.
    const first0 = filterRow(first);
    const w0 = v.weights[wBase]!;
    for (let i = 0; i < len; i++) out[i] = w0 * first0[i]!;
    for (let k = 1; k < n; k++) {
      const weight = v.weights[wBase + k]!;
      if (weight === 0) continue;
      const src = filterRow(first + k);
      for (let i = 0; i < len; i++) out[i] = out[i]! + weight * src[i]!;
    }
    onRow(y, out);
  }
}

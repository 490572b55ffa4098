/**
 * Mean over a (2r+1)² window, clipped at the borders (each output divided by the number of
 * pixels actually inside the image, so edges are not darkened).
 *
 * Hand-written on purpose: guided filtering and foreground estimation call this a dozen times
 * per image, and two separable running-sum passes cost O(1) per pixel whatever the radius,
 * with no allocation beyond the caller's scratch buffer. (An integral image would need a
 * float64 plane per call to stay exact at 12 MP.)
 *
 * `out` may alias `src`. `scratch` must hold `width * height` floats and must not alias either.
 */
export function boxMean(
  src: Float32Array,
  width: number,
  height: number,
  radius: number,
  out: Float32Array,
  scratch: Float32Array,
): Float32Array {
  const r = Math.max(0, Math.floor(radius));
  // Horizontal pass: src → scratch. Border pixels (window clipped) divide by their own count;
  // the interior, nearly every pixel, multiplies by one constant without branches.
  const interiorInv = 1 / (2 * r + 1);
  const leftEnd = Math.min(r, width);
  const rightStart = Math.max(leftEnd, width - r - 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    const first = Math.min(r, width - 1);
    for (let x = 0; x <= first; x++) sum += src[row + x]!;
    let x = 0;
    for (; x < leftEnd; x++) {
      scratch[row + x] = sum / (Math.min(x + r, width - 1) + 1);
      if (x + r + 1 < width) sum += src[row + x + r + 1]!;
      if (x - r >= 0) sum -= src[row + x - r]!;
    }
    for (; x < rightStart; x++) {
      scratch[row + x] = sum * interiorInv;
      // x + r + 1 < width and x − r ≥ 0 hold throughout the interior.
      sum += src[row + x + r + 1]! - src[row + x - r]!;
    }
    for (; x < width; x++) {
      scratch[row + x] = sum / (width - 1 - Math.max(x - r, 0) + 1);
      if (x + r + 1 < width) sum += src[row + x + r + 1]!;
      if (x - r >= 0) sum -= src[row + x - r]!;
    }
  }
  // Vertical pass: scratch → out, one running sum per column, walked row by row so memory is
  // read sequentially (column-major walking is several times slower on large images).
  const sums = new Float64Array(width);
  const firstRow = Math.min(r, height - 1);
  for (let y = 0; y <= firstRow; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) sums[x]! += scratch[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const lo = y - r;
    const hi = y + r;
    const inv = 1 / (Math.min(hi, height - 1) - Math.max(lo, 0) + 1);
    const row = y * width;
    const add = (hi + 1) * width;
    const sub = lo * width;
    if (hi + 1 < height && lo >= 0) {
      // Interior rows: one fused loop (write, add the entering row, drop the leaving one).
      for (let x = 0; x < width; x++) {
        const v = sums[x]!;
        out[row + x] = v * inv;
        sums[x] = v + scratch[add + x]! - scratch[sub + x]!;
      }
      continue;
    }
    for (let x = 0; x < width; x++) out[row + x] = sums[x]! * inv;
    if (hi + 1 < height) for (let x = 0; x < width; x++) sums[x]! += scratch[add + x]!;
    if (lo >= 0) for (let x = 0; x < width; x++) sums[x]! -= scratch[sub + x]!;
  }
  return out;
}

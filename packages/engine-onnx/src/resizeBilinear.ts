/**
 * Bilinear resize of one float plane, pixel centres aligned (the convention of sharp, OpenCV
 * and PyTorch `align_corners=false`). Used for the model's mask and for guided-filter
 * coefficients, which are smooth, so bilinear is exact enough and far cheaper than sharp's
 * round trip through 8-bit.
 */
export function resizeBilinear(
  src: Float32Array,
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  out: Float32Array = new Float32Array(dstWidth * dstHeight),
): Float32Array {
  const sy = srcHeight / dstHeight;
  const { x0s, x1s, fxs } = bilinearColumns(srcWidth, dstWidth);
  for (let y = 0; y < dstHeight; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), srcHeight - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, srcHeight - 1);
    const wy = fy - y0;
    const r0 = y0 * srcWidth;
    const r1 = y1 * srcWidth;
    const row = y * dstWidth;
    for (let x = 0; x < dstWidth; x++) {
      const x0 = x0s[x]!;
      const x1 = x1s[x]!;
      const wx = fxs[x]!;
      const top = src[r0 + x0]! + (src[r0 + x1]! - src[r0 + x0]!) * wx;
      const bottom = src[r1 + x0]! + (src[r1 + x1]! - src[r1 + x0]!) * wx;
      out[row + x] = top + (bottom - top) * wy;
    }
  }
  return out;
}

/** Per destination column: the two source columns a bilinear resize blends, and the weight. */
export interface BilinearColumns {
  x0s: Int32Array;
  x1s: Int32Array;
  fxs: Float32Array;
}

/**
 * The column tables of a centre-aligned bilinear resize from `srcWidth` to `dstWidth`,
 * computed once per resize so the per-pixel loops do no index arithmetic or allocation.
 */
export function bilinearColumns(srcWidth: number, dstWidth: number): BilinearColumns {
  const sx = srcWidth / dstWidth;
  const x0s = new Int32Array(dstWidth);
  const x1s = new Int32Array(dstWidth);
  const fxs = new Float32Array(dstWidth);
  for (let x = 0; x < dstWidth; x++) {
    const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), srcWidth - 1);
    const x0 = Math.floor(fx);
    x0s[x] = x0;
    x1s[x] = Math.min(x0 + 1, srcWidth - 1);
    fxs[x] = fx - x0;
  }
  return { x0s, x1s, fxs };
}

/** Bilinear sample of `plane` between rows `r0`/`r1` (offsets) and columns `x0`/`x1`. */
export function lerp(
  plane: Float32Array,
  r0: number,
  r1: number,
  x0: number,
  x1: number,
  wx: number,
  wy: number,
): number {
  const top = plane[r0 + x0]! + (plane[r0 + x1]! - plane[r0 + x0]!) * wx;
  const bottom = plane[r1 + x0]! + (plane[r1 + x1]! - plane[r1 + x0]!) * wx;
  return top + (bottom - top) * wy;
}

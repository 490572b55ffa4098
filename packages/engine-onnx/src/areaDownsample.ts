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

/** Working size: the image scaled to fit `longEdge`, never enlarged. */
export function fitLongEdge(width: number, height: number, longEdge: number): [number, number] {
  const s = Math.min(1, longEdge / Math.max(width, height));
  return [Math.max(1, Math.round(width * s)), Math.max(1, Math.round(height * s))];
}

import type { ModelInputSpec } from './modelInputSpec';
import { bilinearColumns } from './resizeBilinear';
import { FRESH, type Scratch } from './scratch';

/**
 * The model's input: interleaved 8-bit RGB of any size → `size²`, normalised, planar, with
 * pixel centres aligned (the same geometry `resizeBilinear` uses to bring the mask back, and
 * ISNet's own bilinear `F.upsample`). Images over twice the input side on an axis are first
 * box-averaged by a whole factor on it (`boxShrink`), so the bilinear step never skips
 * pixels (a 1-px checker would alias into stripes).
 *
 * This replaced sharp's `resize(size, size, { fit: 'fill' })`, which places its output half a
 * pixel off (a step at the middle of 12 px lands on output pixel 4 of 8, not between 3 and 4);
 * brought back with centres aligned, the mask sat ~0.5 px off the subject: on the rendered
 * dev set that alone doubled the raw mask's SAD on a wire basket (4.0 → 8.5) and its
 * gradient error 7× (test/bench/README.md).
 */
export function imageToTensor(
  rgb: Uint8Array,
  width: number,
  height: number,
  spec: ModelInputSpec,
  out: Float32Array,
  scratch: Scratch = FRESH,
): Float32Array {
  const size = spec.inputSize;
  const kx = width >= 2 * size ? Math.floor(width / size) : 1;
  const ky = height >= 2 * size ? Math.floor(height / size) : 1;
  if (kx > 1 || ky > 1) {
    const w = Math.floor(width / kx);
    const h = Math.floor(height / ky);
    const small = boxShrink(rgb, width, kx, ky, w, h, scratch.bytes(w * h * 3));
    resizeBilinearToTensor(small, w, h, spec, out);
  } else {
    resizeBilinearToTensor(rgb, width, height, spec, out);
  }
  return out;
}

/**
 * Box average over `kx × ky` blocks (8-bit RGB in and out). Blocks start at (0, 0), so the
 * output's pixel centres sit at the blocks' centres; the last `width mod kx` columns (and
 * rows) are left out: ≤ 1/`size` of the image, a sub-pixel shift at the model's resolution.
 */
export function boxShrink(
  rgb: Uint8Array,
  width: number,
  kx: number,
  ky: number,
  w: number,
  h: number,
  out: Uint8Array,
): Uint8Array {
  const acc = new Uint32Array(w * 3);
  const inv = 1 / (kx * ky);
  for (let y = 0; y < h; y++) {
    acc.fill(0);
    for (let dy = 0; dy < ky; dy++) sumRow(rgb, (y * ky + dy) * width * 3, kx, w, acc);
    const o = y * w * 3;
    for (let i = 0; i < w * 3; i++) out[o + i] = Math.round(acc[i]! * inv);
  }
  return out;
}

function sumRow(rgb: Uint8Array, start: number, kx: number, w: number, acc: Uint32Array): void {
  let j = start;
  for (let x = 0; x < w; x++) {
    let r = 0;
    let g = 0;
    let b = 0;
    for (let k = 0; k < kx; k++, j += 3) {
      r += rgb[j]!;
      g += rgb[j + 1]!;
      b += rgb[j + 2]!;
    }
    acc[x * 3]! += r;
    acc[x * 3 + 1]! += g;
    acc[x * 3 + 2]! += b;
  }
}

/**
 * Bilinear resize (pixel centres aligned, like `resizeBilinear`) of interleaved 8-bit RGB to
 * `size²`, normalised, written planar. The three channels are done in one pass over each
 * output row (one set of column lookups and weights per pixel instead of three). The per-pixel
 * loop is a module function: V8 optimises small functions whole, while loops inside one long
 * function ran partly unoptimised.
 */
function resizeBilinearToTensor(
  rgb: Uint8Array,
  width: number,
  height: number,
  { inputSize: size, mean, std }: ModelInputSpec,
  out: Float32Array,
): void {
  const plane = size * size;
  const sy = height / size;
  const { x0s, x1s, fxs } = bilinearColumns(width, size);
  // Byte offsets of the columns' pixels in the interleaved RGB rows.
  for (let x = 0; x < size; x++) {
    x0s[x]! *= 3;
    x1s[x]! *= 3;
  }
  const norm = new Float32Array([
    mean[0]!,
    1 / std[0]!,
    mean[1]!,
    1 / std[1]!,
    mean[2]!,
    1 / std[2]!,
  ]);
  for (let y = 0; y < size; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(fy);
    resizeRow(
      rgb,
      y0 * width * 3,
      Math.min(y0 + 1, height - 1) * width * 3,
      fy - y0,
      x0s,
      x1s,
      fxs,
      norm,
      out,
      y * size,
      plane,
    );
  }
}

function resizeRow(
  rgb: Uint8Array,
  r0: number,
  r1: number,
  wy: number,
  x0s: Int32Array,
  x1s: Int32Array,
  fxs: Float32Array,
  norm: Float32Array,
  out: Float32Array,
  offset: number,
  plane: number,
): void {
  const mR = norm[0]!;
  const iR = norm[1]!;
  const mG = norm[2]!;
  const iG = norm[3]!;
  const mB = norm[4]!;
  const iB = norm[5]!;
  const g = offset + plane;
  const b = g + plane;
  for (let x = 0; x < x0s.length; x++) {
    const a0 = r0 + x0s[x]!;
    const a1 = r0 + x1s[x]!;
    const c0 = r1 + x0s[x]!;
    const c1 = r1 + x1s[x]!;
    const wx = fxs[x]!;
    let top = rgb[a0]! + (rgb[a1]! - rgb[a0]!) * wx;
    let bottom = rgb[c0]! + (rgb[c1]! - rgb[c0]!) * wx;
    out[offset + x] = (top + (bottom - top) * wy - mR) * iR;
    top = rgb[a0 + 1]! + (rgb[a1 + 1]! - rgb[a0 + 1]!) * wx;
    bottom = rgb[c0 + 1]! + (rgb[c1 + 1]! - rgb[c0 + 1]!) * wx;
    out[g + x] = (top + (bottom - top) * wy - mG) * iG;
    top = rgb[a0 + 2]! + (rgb[a1 + 2]! - rgb[a0 + 2]!) * wx;
    bottom = rgb[c0 + 2]! + (rgb[c1 + 2]! - rgb[c0 + 2]!) * wx;
    out[b + x] = (top + (bottom - top) * wy - mB) * iB;
  }
}

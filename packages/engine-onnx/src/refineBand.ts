import type { GuidedCoefficients } from './guidedFilter';
import { bilinearColumns, lerp } from './resizeBilinear';

/**
 * Full resolution, in place on `alpha` (the model's mask upscaled bilinearly): the trimap
 * from the mask. Pixels the model is sure of (a₀ ≤ `confident` or ≥ 1 − `confident`) become
 * exact 0 and 1, so the faint fog a mask leaves in the holes of a mesh and on a cast shadow
 * goes and a crisp rim stays crisp; in the band between, the guided-filter alpha (coefficients
 * upsampled bilinearly, applied to the pixel's own colour, stretched by `snap`) replaces a₀.
 */
export function refineBand(
  alpha: Float32Array,
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: number,
  /** null: the band keeps a₀ (the trimap alone). */
  coefficients: GuidedCoefficients | null,
  confident: number,
  snap: number,
  /** Share of the guided-filter alpha in the band; the rest is a₀. */
  blend = 1,
  /**
   * Where the coefficients sit in the working grid they were solved on (`bandBox`): their
   * top-left cell and the grid's full size. Default: they cover the whole grid.
   */
  grid?: { left: number; top: number; workWidth: number; workHeight: number },
): void {
  if (!coefficients) {
    snapConfident(alpha, confident);
    return;
  }
  const { width: cw, height: ch } = coefficients;
  const { left = 0, top = 0, workWidth = cw, workHeight = ch } = grid ?? {};
  const sy = workHeight / height;
  const { x0s, x1s, fxs } = bilinearColumns(workWidth, width);
  // Working-grid columns → columns of the (cropped) coefficients; band pixels always fall
  // inside, the clamp only keeps the lookups of sure pixels (never read) in range.
  for (let x = 0; x < width; x++) {
    x0s[x] = Math.min(Math.max(x0s[x]! - left, 0), cw - 1);
    x1s[x] = Math.min(Math.max(x1s[x]! - left, 0), cw - 1);
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), workHeight - 1);
    const g0 = Math.floor(fy);
    const y0 = Math.min(Math.max(g0 - top, 0), ch - 1);
    const y1 = Math.min(Math.max(Math.min(g0 + 1, workHeight - 1) - top, 0), ch - 1);
    bandRow(
      alpha,
      rgb,
      channels,
      coefficients,
      confident,
      snap,
      blend,
      y * width,
      width,
      y0 * cw,
      y1 * cw,
      fy - g0,
      x0s,
      x1s,
      fxs,
    );
  }
}

// One row per call: a small function V8 optimises whole (see guidedFilter.ts).
function bandRow(
  alpha: Float32Array,
  rgb: Uint8Array,
  channels: number,
  { aR, aG, aB, b }: GuidedCoefficients,
  confident: number,
  snap: number,
  blend: number,
  row: number,
  width: number,
  r0: number,
  r1: number,
  wy: number,
  x0s: Int32Array,
  x1s: Int32Array,
  fxs: Float32Array,
): void {
  const k = 1 / 255;
  const hi = 1 - confident;
  const gain = 1 / (1 - 2 * snap);
  for (let x = 0; x < width; x++) {
    const i = row + x;
    const a0 = alpha[i]!;
    if (a0 <= confident) {
      alpha[i] = 0;
      continue;
    }
    if (a0 >= hi) {
      alpha[i] = 1;
      continue;
    }
    const x0 = x0s[x]!;
    const x1 = x1s[x]!;
    const wx = fxs[x]!;
    const j = i * channels;
    const q =
      (lerp(aR, r0, r1, x0, x1, wx, wy) * rgb[j]! * k +
        lerp(aG, r0, r1, x0, x1, wx, wy) * rgb[j + 1]! * k +
        lerp(aB, r0, r1, x0, x1, wx, wy) * rgb[j + 2]! * k +
        lerp(b, r0, r1, x0, x1, wx, wy) -
        snap) *
      gain;
    const m = a0 + blend * ((q < 0 ? 0 : Math.min(q, 1)) - a0);
    alpha[i] = m;
  }
}

function snapConfident(alpha: Float32Array, confident: number): void {
  for (let i = 0; i < alpha.length; i++) {
    const a = alpha[i]!;
    if (a <= confident) alpha[i] = 0;
    else if (a >= 1 - confident) alpha[i] = 1;
  }
}

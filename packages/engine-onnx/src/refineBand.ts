import type { GuidedCoefficients } from './guidedFilter';
import type { LocalColours } from './localColours';
import { bilinearColumns, lerp } from './resizeBilinear';

/** What `refineBand` does to each pixel of the model's uncertain band (see `refineAlpha`). */
export interface BandSettings {
  /** Model alpha at or below this (or at or above 1 − this) is confident and kept. */
  confident: number;
  /** Snap of the guided-filter output (`RefineAlphaOptions.snap`). */
  snap: number;
  /** Local contrast below which the model's alpha is kept; refinement in full from twice it. 0: off. */
  minContrast: number;
  /** Cast-shadow guard on (`RefineAlphaOptions.shadow`). */
  shadow: boolean;
  /** Largest colour residual (relative to B̂) of a pixel still read as shadow. */
  shadowTolerance: number;
  /** Confident pixels are written as exact 0 and 1 (`RefineAlphaOptions.clean`). */
  clean: boolean;
}

/**
 * Full resolution, in place on `alpha` (the model's mask upscaled bilinearly): pixels the
 * model is sure of are kept (0 and 1 exactly when `clean`), so the holes of a mesh the mask
 * shows stay open and a crisp rim stays crisp; in the band between, the guided-filter alpha q
 * (coefficients upsampled bilinearly, applied to the pixel's colour) replaces the model's a₀
 * by the share the local contrast allows, and never rises above a₀ on a pixel that reads as
 * the background — local B̂ or the image's whole backdrop — darkened without a change of
 * chroma (a cast shadow).
 */
export function refineBand(
  alpha: Float32Array,
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: number,
  coefficients: GuidedCoefficients,
  colours: LocalColours,
  settings: BandSettings,
): void {
  const { width: cw, height: ch } = coefficients;
  const sy = ch / height;
  const { x0s, x1s, fxs } = bilinearColumns(cw, width);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), ch - 1);
    const y0 = Math.floor(fy);
    bandRow(
      alpha,
      rgb,
      channels,
      coefficients,
      colours,
      settings,
      y * width,
      width,
      y0 * cw,
      Math.min(y0 + 1, ch - 1) * cw,
      fy - y0,
      x0s,
      x1s,
      fxs,
    );
  }
}

function bandRow(
  alpha: Float32Array,
  rgb: Uint8Array,
  channels: number,
  { aR, aG, aB, b }: GuidedCoefficients,
  { fg, bg, backdrop }: LocalColours,
  s: BandSettings,
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
  const lo = s.confident;
  const hi = 1 - s.confident;
  const gain = 1 / (1 - 2 * s.snap);
  const c0 = s.minContrast;
  const tol2 = s.shadowTolerance * s.shadowTolerance;
  const [kr, kg, kb] = backdrop ?? [0, 0, 0];
  for (let x = 0; x < width; x++) {
    const i = row + x;
    const a0 = alpha[i]!;
    if (a0 <= lo || a0 >= hi) {
      if (s.clean) alpha[i] = a0 <= lo ? 0 : 1;
      continue;
    }
    const x0 = x0s[x]!;
    const x1 = x1s[x]!;
    const wx = fxs[x]!;
    const j = (row + x) * channels;
    const ir = rgb[j]! * k;
    const ig = rgb[j + 1]! * k;
    const ib = rgb[j + 2]! * k;
    let q =
      lerp(aR, r0, r1, x0, x1, wx, wy) * ir +
      lerp(aG, r0, r1, x0, x1, wx, wy) * ig +
      lerp(aB, r0, r1, x0, x1, wx, wy) * ib +
      lerp(b, r0, r1, x0, x1, wx, wy);
    q = (q - s.snap) * gain;
    q = q < 0 ? 0 : Math.min(q, 1);
    const br = lerp(bg[0], r0, r1, x0, x1, wx, wy);
    const bgG = lerp(bg[1], r0, r1, x0, x1, wx, wy);
    const bb = lerp(bg[2], r0, r1, x0, x1, wx, wy);
    let w = 1;
    if (c0 > 0) {
      const dr = lerp(fg[0], r0, r1, x0, x1, wx, wy) - br;
      const dg = lerp(fg[1], r0, r1, x0, x1, wx, wy) - bgG;
      const db = lerp(fg[2], r0, r1, x0, x1, wx, wy) - bb;
      const contrast = Math.sqrt(dr * dr + dg * dg + db * db);
      w = contrast <= c0 ? 0 : Math.min(1, (contrast - c0) / c0);
    }
    let a = a0 + w * (q - a0);
    if (
      s.shadow &&
      a > a0 &&
      (isShadow(ir, ig, ib, br, bgG, bb, tol2) || isShadow(ir, ig, ib, kr, kg, kb, tol2))
    ) {
      a = a0;
    }
    alpha[i] = a;
  }
}

/**
 * A cast shadow multiplies the background by k < 1 about equally in every channel: the
 * pixel is k·B̂ to within `tol2` (squared, relative to |B̂|²) for some k well below 1.
 */
function isShadow(
  r: number,
  g: number,
  b: number,
  br: number,
  bg: number,
  bb: number,
  tol2: number,
): boolean {
  const bb2 = br * br + bg * bg + bb * bb;
  if (bb2 < 1e-4) return false;
  const kk = (r * br + g * bg + b * bb) / bb2;
  if (kk > 0.97 || kk < 0.15) return false;
  const er = r - kk * br;
  const eg = g - kk * bg;
  const eb = b - kk * bb;
  return (er * er + eg * eg + eb * eb) / bb2 < tol2;
}

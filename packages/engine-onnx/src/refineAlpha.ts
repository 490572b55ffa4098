import {
  DEFAULT_REFINE_LONG_EDGE,
  downsampleRgb,
  fitLongEdge,
  type WorkImage,
} from './areaDownsample';
import { bandBox, type WorkWindow } from './bandBox';
import { type GuidedCoefficients, guidedCoefficients } from './guidedFilter';
import { refineBand } from './refineBand';
import { resizeBilinear } from './resizeBilinear';
import { FRESH, type Scratch } from './scratch';

export interface RefineAlphaOptions {
  /** Long edge of the resolution the guided filter is solved at. Default 512 (`DEFAULT_REFINE_LONG_EDGE`). */
  workLongEdge?: number;
  /** Guided-filter window radius, in pixels of the working resolution. Default 6. */
  radius?: number;
  /** Guided-filter regularisation (guide in 0..1). Default 1e-3. */
  eps?: number;
  /**
   * The trimap from the mask: upscaled model alpha at or below this becomes 0, at or above
   * 1 − this 1; only the band between is refined. Default 0.1 (dev set: SAD 3.53 vs 4.06 at
   * 0.02, 4.47 at 0.005; 0.2 and 0.3 lose edge detail again, 3.60 and 4.00).
   */
  confident?: number;
  /** `false`: the band keeps the model's alpha (the trimap alone; for measuring). Default true. */
  guided?: boolean;
  /**
   * Guided-filter output is stretched so that `snap` maps to 0 and 1 − `snap` to 1. Default 0.05.
   */
  snap?: number;
  /**
   * Share of the guided-filter alpha in the band, the rest the model's own. Default 0.5: once
   * the model's input was aligned (imageToTensor) its mask's edges were close to the truth's
   * softness and the full guided-filter alpha cost gradient error (rendered dev set, 66
   * cases: gradient 4.91 raw → 5.52 at 1, 4.84 at 0.5; SAD 9.00 → 8.82 / 8.66; halo 19.3 →
   * 18.7 / 18.6).
   */
  blend?: number;
}

/**
 * Turns the model's low-resolution mask into a full-resolution alpha matte: the mask upscaled
 * bilinearly, made exact 0 and 1 where the model is confident, and refined against the image
 * only in the band where it is not, by a colour guided filter (He, Sun & Tang 2013;
 * coefficients solved at `workLongEdge`, the fast guided filter of He & Sun 2015; see
 * `refineBand`). Refining everywhere, as this engine once did, filled the holes of wire mesh
 * with fog, took in cast shadows on grey sweeps and softened crisp low-contrast rims (issue
 * #10). Measured and dropped: a contrast guard (keep a₀ where subject and background colours
 * are close) and a cast-shadow guard (no alpha added on a darkened-background pixel) — both
 * cost SAD on the rendered dev set (test/bench/README.md).
 *
 * `rgb`: the full-resolution image, 8-bit interleaved with `channels` per pixel.
 * `mask`: the model output in 0..1, `maskWidth × maskHeight` (any aspect; it is stretched).
 */
export function refineAlpha(
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: number,
  mask: Float32Array,
  maskWidth: number,
  maskHeight: number,
  options: RefineAlphaOptions = {},
  /** The image already downsampled (shared with `estimateForeground`); used if sizes match. */
  workImage?: WorkImage,
  /** Where the working planes and the returned alpha come from (see `Scratch`). */
  scratch: Scratch = FRESH,
): Float32Array {
  const {
    workLongEdge = DEFAULT_REFINE_LONG_EDGE,
    radius = 6,
    eps = 1e-3,
    confident = 0.1,
    guided = true,
    snap = 0.05,
    blend = 0.5,
  } = options;
  const [ww, wh] = fitLongEdge(width, height, workLongEdge);
  // The filter is solved only on the window that can reach a band pixel (`bandBox`): the same
  // coefficients there for a fraction of the work when the subject does not fill the frame.
  const box = guided ? bandBox(mask, maskWidth, maskHeight, ww, wh, confident, radius) : null;
  let coefficients: GuidedCoefficients | null = null;
  if (box) {
    const p = resizeBilinear(mask, maskWidth, maskHeight, ww, wh, scratch.floats(ww * wh));
    // The guide: the caller's whole working image cut to the window, or only the window made.
    const [r, g, b] =
      workImage && workImage.width === ww && workImage.height === wh
        ? workImage.planes.map((plane) => crop(plane, ww, box, scratch))
        : downsampleRgb(rgb, width, height, channels, ww, wh, scratch, box).planes;
    const cw = box.right - box.left + 1;
    const ch = box.bottom - box.top + 1;
    coefficients = guidedCoefficients(
      r!,
      g!,
      b!,
      crop(p, ww, box, scratch),
      cw,
      ch,
      radius,
      eps,
      scratch,
    );
  }
  const alpha = resizeBilinear(
    mask,
    maskWidth,
    maskHeight,
    width,
    height,
    scratch.floats(width * height),
  );
  refineBand(alpha, rgb, width, height, channels, coefficients, confident, snap, blend, {
    left: box?.left ?? 0,
    top: box?.top ?? 0,
    workWidth: ww,
    workHeight: wh,
  });
  return alpha;
}

/** Copy of `box` of a `width`-wide plane. */
function crop(plane: Float32Array, width: number, box: WorkWindow, scratch: Scratch): Float32Array {
  const cw = box.right - box.left + 1;
  const ch = box.bottom - box.top + 1;
  if (cw === width && ch * width === plane.length) return plane;
  const out = scratch.floats(cw * ch);
  for (let y = 0; y < ch; y++) {
    const from = (box.top + y) * width + box.left;
    out.set(plane.subarray(from, from + cw), y * cw);
  }
  return out;
}

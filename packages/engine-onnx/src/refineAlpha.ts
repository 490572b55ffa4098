import {
  DEFAULT_REFINE_LONG_EDGE,
  downsampleRgb,
  fitLongEdge,
  type WorkImage,
} from './areaDownsample';
import { applyGuidedCoefficients, guidedCoefficients } from './guidedFilter';
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
   * Alpha is stretched linearly so that `snap` maps to 0 and 1 − `snap` to 1: removes the
   * faint haze a linear filter leaves on flat background and inside the subject without a
   * hard threshold's jaggies. Default 0.05.
   */
  snap?: number;
}

/**
 * Turns the model's low-resolution mask into a full-resolution alpha matte refined against
 * the image: fast colour guided filter (coefficients at `workLongEdge`, applied to the
 * full-resolution RGB), instead of a blurry bilinear upscale of the mask.
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
  const { workLongEdge = DEFAULT_REFINE_LONG_EDGE, radius = 6, eps = 1e-3, snap = 0.05 } = options;
  const [ww, wh] = fitLongEdge(width, height, workLongEdge);
  const work =
    workImage && workImage.width === ww && workImage.height === wh
      ? workImage
      : downsampleRgb(rgb, width, height, channels, ww, wh, scratch);
  const [r, g, b] = work.planes;
  const p = resizeBilinear(mask, maskWidth, maskHeight, ww, wh, scratch.floats(ww * wh));
  const coefficients = guidedCoefficients(r, g, b, p, ww, wh, radius, eps, scratch);
  const alpha = applyGuidedCoefficients(
    coefficients,
    rgb,
    width,
    height,
    channels,
    scratch.floats(width * height),
  );
  if (snap > 0) stretch(alpha, snap);
  return alpha;
}

/** Maps `snap` to 0 and 1 − `snap` to 1, clamped (a function of its own so V8 optimises it whole). */
function stretch(alpha: Float32Array, snap: number): void {
  const gain = 1 / (1 - 2 * snap);
  for (let i = 0; i < alpha.length; i++) {
    const a = (alpha[i]! - snap) * gain;
    alpha[i] = a < 0 ? 0 : Math.min(a, 1);
  }
}
